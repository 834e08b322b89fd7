#!/usr/bin/env bash
# The docs and packaging part of `make test`, in the docs lane (.venv/docs): the docs lint and
# HTML build, every example of the docs run against the emulator, the changelog, the AWX credential type run through ansible-runner, the
# execution-environment build context, galaxy-importer and the contents of the built artifact.
# Expects test.sh to have staged, built and installed the collection. JUnit: build/pytest-docs.xml.
# test_docs.sh [DIR]: in DIR, a copy of the staged collection (default: the staged tree itself).
source "$(dirname "$0")/lib.sh"

ensure_venv docs
export BUILD_DIR
log "docs and packaging (docs lane: $("$VENV_ROOT/docs/bin/ansible" --version | sed -n 1p))"
# HOME under build/: antsibull-docs logs to ~/antsibull.log whatever the environment says.
private_home
(cd "${1:-$STAGE_DIR}" && HOME="$TOOL_HOME" PATH="$VENV_ROOT/docs/bin:$PATH" "$VENV_ROOT/docs/bin/python" -m pytest \
    -p no:cacheprovider --basetemp="$BUILD_DIR/pytest-tmp-docs" --junitxml="$BUILD_DIR/pytest-docs.xml" tests/docs)
