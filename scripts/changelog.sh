#!/usr/bin/env bash
# `make changelog`: fold changelogs/fragments/*.yml into the release section of the version in
# galaxy.yml (changelogs/changelog.yaml) and regenerate CHANGELOG.md. See scripts/changelog.py.
source "$(dirname "$0")/lib.sh"

ensure_venv docs
"$VENV_ROOT/docs/bin/python" "$REPO_ROOT/scripts/changelog.py" "$REPO_ROOT"
(cd "$REPO_ROOT" && "$VENV_ROOT/docs/bin/antsibull-changelog" lint)
log "CHANGELOG.md and changelogs/changelog.yaml are up to date with the fragments"
