#!/usr/bin/env bash
# `make demo`: build and install the collection, start the FC3 emulator with a few functions and
# configs, and run the example playbook against it. No cloud account is needed.
source "$(dirname "$0")/lib.sh"

LANE=newest
ensure_venv "$LANE"
stage
build_and_install "$LANE"
trap stop_emulator EXIT
start_emulator "$LANE" --region eu-central-1 --seed "$REPO_ROOT/examples/demo-seed.json"

log "ansible-playbook examples/list_async_invoke_configs.yml"
ALIBABA_CLOUD_REGION_ID=eu-central-1 \
ALIBABA_CLOUD_FC_ENDPOINT="$EMULATOR_URL" \
ALIBABA_CLOUD_ACCESS_KEY_ID=AKIDEXAMPLE \
ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRETEXAMPLE \
ANSIBLE_PYTHON_INTERPRETER="$VENV_ROOT/$LANE/bin/python" \
ANSIBLE_LOCALHOST_WARNING=false \
ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
  "$VENV_ROOT/$LANE/bin/ansible-playbook" -i localhost, "$REPO_ROOT/examples/list_async_invoke_configs.yml"
