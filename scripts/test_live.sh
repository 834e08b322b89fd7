#!/usr/bin/env bash
# `make test-live` (tests/live/live.py) and `make probe` (tests/live/probe.py), against the account and
# endpoint the environment names (ALIBABA_CLOUD_REGION_ID, the access key variables, optional
# ALIBABA_CLOUD_FC_ENDPOINT): docs/docsite/rst/guide_live_tests.rst. Nothing is built or sent without
# FC_LIVE_TESTS=yes. Usage: test_live.sh live|probe [ARGS for the script].
what=${1:?usage: test_live.sh live|probe [ARGS]}
shift
if [[ "${FC_LIVE_TESTS:-}" != yes ]]; then
  echo "make test-live and make probe run against the account and endpoint of your environment and create" \
    "(then remove) resources there; they start only with FC_LIVE_TESTS=yes. Nothing was sent." >&2
  exit 2
fi
# lib.sh drops proxy variables (the emulator must be reached directly); a real endpoint may need the user's.
proxies=$(export -p | grep -iE '^declare -x (https?|all|no)_proxy=' || true)
source "$(dirname "$0")/lib.sh"
eval "$proxies"

ensure_venv newest
stage --no-index
build_and_install newest
case "$what" in
  live) exec "$VENV_ROOT/newest/bin/python" "$REPO_ROOT/tests/live/live.py" --workdir "$BUILD_DIR/live" "$@" ;;
  probe) exec "$VENV_ROOT/newest/bin/python" "$REPO_ROOT/tests/live/probe.py" --out "$BUILD_DIR/service-facts.json" "$@" ;;
  *) echo "usage: test_live.sh live|probe [ARGS]" >&2; exit 2 ;;
esac
