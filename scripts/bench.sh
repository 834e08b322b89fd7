#!/usr/bin/env bash
# `make bench`: bench/noop_apply.py on the newest lane, against the collection built from this tree.
source "$(dirname "$0")/lib.sh"

LANE=newest
ensure_venv "$LANE"
stage
build_and_install "$LANE"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/noop_apply.py" "$@"
