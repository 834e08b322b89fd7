#!/usr/bin/env bash
# The fast loop (DEVELOPMENT.md "Fast loop"), on the lanes' virtualenvs, built when missing as for make test:
#   dev.sh unit         pytest over tests/unit, against the staged tree (nothing built or installed);
#   dev.sh sanity       ruff (format and lint), then ansible-test sanity on each lane of LANES (default: both),
#                       side by side;
#   dev.sh integration  pytest over tests/emulator, tests/emulated and tests/integration, with the
#                       collection built from the staged tree and installed, on one lane.
# LANE (unit, integration) picks the lane, default newest. ARGS (unit, integration) go to pytest as a shell
# would split them: ARGS='-k "proxy and not refused" -x'. ARGS that name tests (tests/...) replace the
# default folders: ARGS=tests/integration/connection/test_proxies.py::test_a_proxy_in_the_environment_is_used.
source "$(dirname "$0")/lib.sh"

what=${1:?usage: dev.sh unit|sanity|integration}
LANE=${LANE:-newest}
eval "set -- ${ARGS:-}"
named=
for arg in "$@"; do
  [[ "$arg" == tests/* ]] && named=1
done

# folders ROOT DIR...: the DIRs that exist, unless ARGS name tests of their own.
folders() {
  [[ -z "$named" ]] && existing_test_dirs "$@"
  return 0
}

case "$what" in
  unit)
    ensure_venv "$LANE"
    stage --no-index
    # shellcheck disable=SC2046  # one word per folder
    lane_pytest "$LANE" "$STAGE_ROOT" "dev-unit" $(folders "$STAGE_ROOT" tests/unit) "$@"
    ;;
  integration)
    ensure_venv "$LANE"
    stage --no-index
    build_and_install "$LANE"
    # shellcheck disable=SC2046  # one word per folder
    lane_pytest "$LANE" "$STAGE_ROOT" "dev-integration" \
      $(folders "$STAGE_ROOT" tests/emulator tests/emulated tests/integration) "$@"
    ;;
  sanity)
    LANES=${LANES:-oldest newest}
    ensure_venv newest
    run_ruff
    stage
    # A copy per lane: ansible-test writes into tests/output of the tree it runs in.
    sanity_lane() {
      ensure_venv "$1"
      copy_stage "$BUILD_DIR/sanity-$1"
      run_sanity "$1" "$BUILD_DIR/sanity-$1/ansible_collections/alicloud/fc"
    }
    log "ansible-test sanity on the lanes $LANES, side by side (output follows when each ends)"
    # shellcheck disable=SC2086  # one word per lane
    side_by_side sanity sanity_lane $LANES
    log "ansible-test sanity passed ($LANES)"
    ;;
  *)
    echo "usage: dev.sh unit|sanity|integration" >&2
    exit 2
    ;;
esac
