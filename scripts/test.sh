#!/usr/bin/env bash
# `make test`: every test, on the oldest and the newest supported ansible-core.
#   - ansible-test sanity (no ignore entries) on the collection as staged;
#   - ansible-test integration: the targets under tests/integration/targets against the emulator;
#   - pytest: unit tests of the pure helpers, the emulator's own tests (real SDK), and the
#     integration tests (ansible-playbook with the collection installed from its built artifact);
#   - molecule test of the scenarios under extensions/molecule (scripts/test_molecule.sh, lanes side by side);
#   - ansible-lint on the whole repository, the execution-environment check, the docs and packaging
#     checks (scripts/test_docs.sh) and a smoke run of the benchmark (newest lane).
# LANES="oldest" (or "newest") limits the run to one lane.
source "$(dirname "$0")/lib.sh"

LANES=${LANES:-oldest newest}

ensure_venv "${LANES%% *}"
stage
build_and_install "${LANES%% *}"
# Reports of earlier runs must not count in this run's closing line.
rm -f "$BUILD_DIR"/pytest-*.xml

# run_lane LANE: the lane's venv, ansible-test sanity and integration, and pytest, in a copy of the staged tree of its
# own (ansible-test writes into tests/output of the tree it runs in), with pytest's temporary files
# under build/ too, so that lanes can run side by side.
run_lane() {
  local lane=$1 root="$BUILD_DIR/lane-$1"
  ensure_venv "$lane" || return 1
  rm -rf "$root"
  mkdir -p "$root"
  cp -a "$STAGE_ROOT/." "$root/" || return 1
  run_sanity "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  run_integration_targets "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  log "pytest ($lane lane)"
  # The -W silences the SDK's own use of datetime.utcnow() on Python 3.12+.
  (cd "$root/ansible_collections/alicloud/fc" && PYTHONPATH="$root" "$VENV_ROOT/$lane/bin/python" -m pytest \
      -p no:cacheprovider --basetemp="$BUILD_DIR/pytest-tmp-$lane" --junitxml="$BUILD_DIR/pytest-$lane.xml" \
      -W 'ignore:datetime.datetime.utcnow:DeprecationWarning' tests/unit tests/emulator tests/integration)
}

# The lanes are mostly single-threaded: on two cores they take little more than one of them alone.
declare -A lane_pids
for lane in $LANES; do
  log "$lane lane: sanity and pytest (output follows when it ends)"
  run_lane "$lane" >"$BUILD_DIR/lane-$lane.log" 2>&1 &
  lane_pids[$lane]=$!
done
lanes_failed=()
for lane in $LANES; do
  wait "${lane_pids[$lane]}" || lanes_failed+=("$lane")
  log "$lane lane output"
  cat "$BUILD_DIR/lane-$lane.log"
done
if ((${#lanes_failed[@]})); then
  echo "lane(s) failed: ${lanes_failed[*]}" >&2
  exit 1
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

  bash "$REPO_ROOT/scripts/test_docs.sh"

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
