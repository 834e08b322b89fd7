#!/usr/bin/env bash
# The molecule scenarios under extensions/molecule on every lane (molecule supports both: see
# tests/constraints-*.txt for the pinned version): `molecule test` through pytest (tests/molecule),
# one JUnit report per lane, build/pytest-molecule-<lane>.xml. The lanes run side by side, each in
# its own ephemeral directory, against the staged tree and the installed collection that
# scripts/test.sh prepared. LANES as in scripts/test.sh.
source "$(dirname "$0")/lib.sh"

LANES=${LANES:-oldest newest}

molecule_lane() {
  log "molecule test ($1 lane: molecule $("$VENV_ROOT/$1/bin/python" -c 'import importlib.metadata as m; print(m.version("molecule"))'))"
  PATH="$VENV_ROOT/$1/bin:$PATH" lane_pytest "$1" "$STAGE_ROOT" "molecule-$1" \
    --junitxml="$BUILD_DIR/pytest-molecule-$1.xml" tests/molecule
}

log "molecule test on the lanes $LANES, side by side (output follows when each ends)"
# shellcheck disable=SC2086  # one word per lane
side_by_side molecule molecule_lane $LANES
