#!/usr/bin/env bash
# `make test`: every test, on the oldest and the newest supported ansible-core.
#   - ruff format --check and ruff check over the whole tree (pyproject.toml);
#   - ansible-test sanity (no ignore entries) on the collection as staged;
#   - ansible-test integration: the targets under tests/integration/targets against the emulator;
#   - pytest: unit tests of the pure helpers, the emulator's own tests (real SDK), and the
#     integration tests (ansible-playbook with the collection installed from its built artifact);
#   - the docs and packaging checks (scripts/test_docs.sh, docs lane), beside the two lanes above;
#   - molecule test of the scenarios under extensions/molecule (scripts/test_molecule.sh, lanes side by side);
#   - ansible-lint on the whole repository, the execution-environment check and a smoke run of the
#     benchmark (newest lane).
# LANES="oldest" (or "newest") limits the run to one lane.
source "$(dirname "$0")/lib.sh"

LANES=${LANES:-oldest newest}

ensure_venv "${LANES%% *}"
ensure_venv newest
run_ruff
stage
build_and_install "${LANES%% *}"
# Reports of earlier runs must not count in this run's closing line.
rm -f "$BUILD_DIR"/pytest-*.xml

# The two tests of the batch module at the service's rate limit (about 100 s, nearly all of it waiting on
# the limiter) run on one lane of a two-lane run, PACING_LANE: what they test is the rate controller, pure
# Python, and the emulator's 429s there carry no x-acs-retry-after, so both lanes' SDKs meet the same code.
# The oldest lane, because it ends first: the newest is the longer of the two, and waiting costs no CPU.
PACING_LANE=oldest
if [[ " $LANES " != *" $PACING_LANE "* ]]; then
  PACING_LANE=${LANES%% *}
fi

# run_lane LANE: the lane's venv, ansible-test sanity and integration, and pytest, in a copy of the staged tree of its
# own (ansible-test writes into tests/output of the tree it runs in), with pytest's temporary files
# under build/ too, so that lanes can run side by side.
run_lane() {
  local lane=$1 root="$BUILD_DIR/lane-$1" skip_pacing=
  ensure_venv "$lane" || return 1
  copy_stage "$root" || return 1
  run_sanity "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  run_integration_targets "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  log "pytest ($lane lane)"
  [[ "$lane" == "$PACING_LANE" ]] || skip_pacing="run on the $PACING_LANE lane of this run (scripts/test.sh PACING_LANE)"
  # shellcheck disable=SC2046  # one word per folder
  FC_TEST_SKIP_PACING=$skip_pacing lane_pytest "$lane" "$root" "$lane" --junitxml="$BUILD_DIR/pytest-$lane.xml" \
    $(existing_test_dirs "$root" tests/unit tests/emulator tests/emulated tests/integration)
}

# The docs lane (about 4 minutes, much of it waiting on ansible-playbook and the emulator) beside the
# two below, in a copy of its own: molecule and ansible-lint run in the staged tree afterwards.
docs_pid=
# Should a later step fail, the docs lane still ends before this script does.
trap 'if [[ -n "$docs_pid" ]]; then wait "$docs_pid" || true; fi' EXIT
if [[ " $LANES " == *" newest "* ]]; then
  ensure_venv docs
  copy_stage "$BUILD_DIR/lane-docs"
  log "docs lane: docs and packaging, beside the lanes (output follows after ansible-lint)"
  bash "$REPO_ROOT/scripts/test_docs.sh" "$BUILD_DIR/lane-docs/ansible_collections/alicloud/fc" >"$BUILD_DIR/lane-docs.log" 2>&1 &
  docs_pid=$!
fi

# The lanes are mostly single-threaded: on two cores they take little more than one of them alone.
log "lanes $LANES: sanity and pytest, side by side (output follows when each ends)"
# shellcheck disable=SC2086  # one word per lane
side_by_side lane run_lane $LANES

# The ansible-core minors between the two lanes (MIDDLE_CORES, scripts/lib.sh): the in-process suite alone, on a full run.
if [[ " $LANES " == *" oldest "* && " $LANES " == *" newest "* ]]; then
  run_middle_cores
fi

LANES="$LANES" bash "$REPO_ROOT/scripts/test_molecule.sh"

if [[ " $LANES " == *" newest "* ]]; then
  log "ansible-lint (production profile, the whole repository: .ansible-lint)"
  (cd "$STAGE_DIR" && PATH="$VENV_ROOT/newest/bin:$PATH" ansible-lint)

  log "ansible-builder introspect: what an execution environment build gets from the installed collection"
  introspected=$("$VENV_ROOT/newest/bin/ansible-builder" introspect --sanitize "$INSTALL_ROOT")
  printf '%s\n' "$introspected"
  while read -r requirement; do
    [[ -z "$requirement" || "$requirement" == \#* ]] && continue
    grep -qF -- "$requirement" <<<"$introspected" || { echo "execution environment misses $requirement" >&2; exit 1; }
  done <"$REPO_ROOT/requirements.txt"

  docs_status=0
  wait "$docs_pid" || docs_status=$?
  docs_pid=
  log "docs lane output"
  cat "$BUILD_DIR/lane-docs.log"
  ((docs_status == 0)) || { echo "docs lane failed" >&2; exit 1; }

  log "benchmark smoke run (figures from 3 items are not the benchmark; run make bench for those)"
  "$VENV_ROOT/newest/bin/python" "$REPO_ROOT/bench/noop_apply.py" --items 3 --rounds 1
  "$VENV_ROOT/newest/bin/python" "$REPO_ROOT/bench/fleet_apply.py" --functions 40 --rounds 1
  "$VENV_ROOT/newest/bin/python" "$REPO_ROOT/bench/fleet_limits.py" --functions 30 --rate 50 --latency 0.02
fi
log "all tests passed ($LANES)"
# One closing line over every JUnit report this run wrote (build/pytest-*.xml).
"$VENV_ROOT/${LANES%% *}/bin/python" - "$BUILD_DIR" <<'PY'
import glob
import sys
import xml.etree.ElementTree as ElementTree

counts = dict(tests=0, failures=0, errors=0, skipped=0)
for report in sorted(glob.glob('%s/pytest-*.xml' % sys.argv[1])):
    for suite in ElementTree.parse(report).getroot().iter('testsuite'):
        for key in counts:
            counts[key] += int(suite.get(key, 0))
failed = counts['failures'] + counts['errors']
print('%d passed, %d failed, %d skipped' % (counts['tests'] - failed - counts['skipped'], failed, counts['skipped']))
PY
