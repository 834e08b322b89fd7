#!/usr/bin/env bash
# `make test`: every test, on the oldest and the newest supported ansible-core.
#   - ruff format --check and ruff check over the whole tree (pyproject.toml);
#   - ansible-test sanity (no ignore entries) on the collection as staged;
#   - ansible-test integration: the targets under tests/integration/targets against the emulator;
#   - pytest: unit tests of the pure helpers, the emulated tests (in-process code, real SDK, emulator), the
#     emulator's own tests (one lane) and the integration tests (ansible-playbook with the collection installed
#     from its built artifact; each folder on one lane but for the every_lane tests: PLAYBOOK_LANE below);
#   - molecule test of the scenarios under extensions/molecule (scripts/test_molecule.sh), at the end of each lane;
#   - the docs lane beside the two: the docs and packaging checks (scripts/test_docs.sh), then ansible-lint on
#     the whole repository, the execution-environment check, a smoke run of the benchmarks, make test-live
#     and make probe against the emulator (tests/live; newest venv), and the in-process suite on each
#     ansible-core minor between the two lanes (2.17 to 2.20: run_middle_cores, scripts/lib.sh).
# LANES="oldest" (or "newest") limits the run to one lane.
source "$(dirname "$0")/lib.sh"

LANES=${LANES:-oldest newest}
on_lane() { [[ " $LANES " == *" $1 "* ]]; }

# The virtualenvs side by side (pip is mostly one process): the lanes', the newest (ruff, ansible-lint, the
# benchmarks) and, with the newest lane, the docs lane's.
venvs=$LANES
on_lane newest && venvs+=" docs" || venvs+=" newest"
# shellcheck disable=SC2086  # one word per venv
side_by_side venv ensure_venv $venvs
run_ruff
stage
build_and_install "${LANES%% *}"
# Reports of earlier runs must not count in this run's closing line.
rm -f "$BUILD_DIR"/pytest-*.xml

# What runs where (DEVELOPMENT.md "What each level owns"). Both lanes run sanity, the ansible-test targets, the
# unit and emulated tests, molecule, tests/integration/in_process and every playbook test marked every_lane (the
# ones that depend on the lane's ansible-core or SDK, and the end-to-end witness of fcv3_function_info). The
# other playbook tests prove the collection's own behaviour, the same under every supported ansible-core: each
# folder of them runs on the lane named here, when that lane is in the run (a folder not named runs on both).
# Split so that the two lanes end at about the same time.
declare -A PLAYBOOK_LANE=([batch_module]=oldest [role]=oldest [connection]=newest [function_info]=newest [single_module]=newest)
# The emulator's own tests (tests/emulator, the standard library only): once.
EMULATOR_LANE=newest
on_lane "$EMULATOR_LANE" || EMULATOR_LANE=${LANES%% *}

# The two tests of the batch module at the service's rate limit (about 100 s, nearly all of it waiting on
# the limiter) run on one lane of a two-lane run, PACING_LANE: what they test is the rate controller, pure
# Python, and the emulator's 429s there carry no x-acs-retry-after, so both lanes' SDKs meet the same code.
# The oldest lane, with the batch module's other playbook tests.
PACING_LANE=oldest
on_lane "$PACING_LANE" || PACING_LANE=${LANES%% *}

# run_lane LANE: ansible-test sanity and integration, pytest and molecule, in a copy of the staged tree of its
# own (ansible-test writes into tests/output of the tree it runs in), with pytest's temporary files under build/
# too, so that lanes can run side by side. The docs lane: the docs and packaging checks, then ansible-lint, the
# execution-environment check and the benchmark smoke run (newest venv), beside the other two.
run_lane() {
  local lane=$1 root="$BUILD_DIR/lane-$1" skip_pacing='' other='' folder dirs=(tests/unit)
  if [[ "$lane" == docs ]]; then
    run_docs_lane
    return
  fi
  copy_stage "$root" || return 1
  run_sanity "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  run_integration_targets "$lane" "$root/ansible_collections/alicloud/fc" || return 1
  [[ "$lane" == "$EMULATOR_LANE" ]] && dirs+=(tests/emulator)
  dirs+=(tests/emulated tests/integration)
  for folder in "${!PLAYBOOK_LANE[@]}"; do
    if [[ "${PLAYBOOK_LANE[$folder]}" != "$lane" ]] && on_lane "${PLAYBOOK_LANE[$folder]}"; then
      other+=" $folder"
    fi
  done
  log "pytest ($lane lane; the playbook tests of${other:- no folder} run on the other lane but for every_lane ones)"
  [[ "$lane" == "$PACING_LANE" ]] || skip_pacing="run on the $PACING_LANE lane of this run (scripts/test.sh PACING_LANE)"
  # shellcheck disable=SC2046  # one word per folder
  FC_TEST_SKIP_PACING=$skip_pacing FC_TEST_OTHER_LANE=$other \
    FC_TEST_OTHER_LANE_REASON="run on the other lane of this run (scripts/test.sh PLAYBOOK_LANE)" \
    lane_pytest "$lane" "$root" "$lane" --junitxml="$BUILD_DIR/pytest-$lane.xml" \
    $(existing_test_dirs "$root" "${dirs[@]}") || return 1
  LANES=$lane bash "$REPO_ROOT/scripts/test_molecule.sh"
}

run_docs_lane() {
  copy_stage "$BUILD_DIR/lane-docs" || return 1
  bash "$REPO_ROOT/scripts/test_docs.sh" "$BUILD_DIR/lane-docs/ansible_collections/alicloud/fc" || return 1

  log "ansible-lint (production profile, the whole repository: .ansible-lint)"
  (cd "$STAGE_DIR" && PATH="$VENV_ROOT/newest/bin:$PATH" ansible-lint) || return 1

  log "ansible-builder introspect: what an execution environment build gets from the installed collection"
  local introspected requirement
  introspected=$("$VENV_ROOT/newest/bin/ansible-builder" introspect --sanitize "$INSTALL_ROOT") || return 1
  printf '%s\n' "$introspected"
  while read -r requirement; do
    [[ -z "$requirement" || "$requirement" == \#* ]] && continue
    grep -qF -- "$requirement" <<<"$introspected" || { echo "execution environment misses $requirement" >&2; return 1; }
  done <"$REPO_ROOT/requirements.txt"

  # The benchmarks once, on a few items: they run and their checks hold (make bench gives the figures).
  log "benchmark smoke run (figures from a few items are not the benchmark; run make bench for those)"
  local python="$VENV_ROOT/newest/bin/python"
  "$python" "$REPO_ROOT/bench/noop_apply.py" --items 2 --rounds 1 &&
    "$python" "$REPO_ROOT/bench/fleet_apply.py" --functions 4 --rounds 1 &&
    "$python" "$REPO_ROOT/bench/fleet_limits.py" --functions 10 --rate 50 --latency 0.01 &&
    "$python" "$REPO_ROOT/bench/select_apply.py" --functions 20 --matching 4 --rounds 1 || return 1

  # make test-live and make probe against the emulator, so that they cannot rot (tests/live, about a minute).
  log "make test-live and make probe against an emulator holding the user's own (tests/live)"
  lane_pytest newest "$BUILD_DIR/lane-docs" live --junitxml="$BUILD_DIR/pytest-live.xml" tests/live || return 1

  # The ansible-core minors between the two lanes (MIDDLE_CORES, scripts/lib.sh): the in-process suite alone, on
  # a two-lane run, one minor at a time (the docs lane ends minutes before the other two; this fills that time).
  if on_lane oldest && on_lane newest; then
    run_middle_cores 1
  fi
}

lanes=$LANES
on_lane newest && lanes+=" docs"
# Mostly single-threaded, or waiting on ansible-playbook and the emulator: on two cores the three take little
# more than the longest of them alone.
log "lanes $lanes side by side: sanity, ansible-test integration, pytest and molecule; docs and packaging, ansible-lint, benchmarks (output follows when each ends)"
# shellcheck disable=SC2086  # one word per lane
side_by_side lane run_lane $lanes

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
