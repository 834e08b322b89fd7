#!/usr/bin/env bash
# `make docs`: build the collection, install it, and render its HTML docs (every module and role
# page, the guides of docs/docsite) into build/docs/html with antsibull-docs and Sphinx.
source "$(dirname "$0")/lib.sh"

ensure_venv docs
stage
build_and_install docs
# HOME under build/: antsibull-docs logs to ~/antsibull.log whatever the environment says.
private_home
HOME="$TOOL_HOME" PATH="$VENV_ROOT/docs/bin:$PATH" bash "$REPO_ROOT/scripts/build_docsite.sh" "$BUILD_DIR/docs"
log "docs written to $BUILD_DIR/docs/html/index.html"
