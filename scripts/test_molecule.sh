#!/usr/bin/env bash
# The molecule scenarios under extensions/molecule on every lane (molecule supports both: see
# tests/constraints-*.txt for the pinned version): `molecule test` through pytest (tests/molecule),
# one JUnit report per lane, build/pytest-molecule-<lane>.xml. The lanes run side by side, each in
# its own ephemeral directory, against the staged tree and the installed collection that
# scripts/test.sh prepared. LANES as in scripts/test.sh.
source "$(dirname "$0")/lib.sh"

LANES=${LANES:-oldest newest}

declare -A pids
for lane in $LANES; do
  log "molecule test ($lane lane: molecule $("$VENV_ROOT/$lane/bin/python" -c 'import importlib.metadata as m; print(m.version("molecule"))'), output follows when it ends)"
  (cd "$STAGE_DIR" && PATH="$VENV_ROOT/$lane/bin:$PATH" PYTHONPATH="$STAGE_ROOT" "$VENV_ROOT/$lane/bin/python" -m pytest \
      -p no:cacheprovider --junitxml="$BUILD_DIR/pytest-molecule-$lane.xml" tests/molecule \
      >"$BUILD_DIR/molecule-$lane.log" 2>&1) &
  pids[$lane]=$!
done

failed=
for lane in $LANES; do
  wait "${pids[$lane]}" || failed+=" $lane"
  log "molecule ($lane lane) output"
  cat "$BUILD_DIR/molecule-$lane.log"
done
if [[ -n "$failed" ]]; then
  echo "molecule scenarios failed on:$failed" >&2
  exit 1
fi
