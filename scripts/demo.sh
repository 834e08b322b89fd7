#!/usr/bin/env bash
# `make demo`: build and install the collection, start the FC3 emulator with the functions of
# examples/demo-seed.json, and run the example playbook twice: the first run creates the async
# invoke config, the second changes nothing. Then the role selects the tagged orders-* functions
# by prefix and tag (examples/async_invoke_policy_select), twice. No cloud account is needed.
source "$(dirname "$0")/lib.sh"

LANE=newest
ensure_venv "$LANE"
stage
build_and_install "$LANE"
trap stop_emulator EXIT
start_emulator "$LANE" --region eu-central-1 --seed "$REPO_ROOT/examples/demo-seed.json"

export ALIBABA_CLOUD_REGION_ID=eu-central-1
export ALIBABA_CLOUD_FC_ENDPOINT="$EMULATOR_URL"
export ALIBABA_CLOUD_ACCESS_KEY_ID=AKIDEXAMPLE
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRETEXAMPLE
export ANSIBLE_PYTHON_INTERPRETER="$VENV_ROOT/$LANE/bin/python"
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false

playbook="$REPO_ROOT/examples/async_invoke_config.yml"
log "first run: ansible-playbook examples/async_invoke_config.yml --diff"
"$VENV_ROOT/$LANE/bin/ansible-playbook" -i localhost, --diff "$playbook"

log "second run: the same playbook changes nothing"
second=$("$VENV_ROOT/$LANE/bin/ansible-playbook" -i localhost, "$playbook")
printf '%s\n' "$second"
if ! grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' <<<"$second"; then
  echo "demo: the second run was expected to change nothing" >&2
  exit 1
fi

log "every async invoke config in the region: ansible-playbook examples/list_async_invoke_configs.yml"
"$VENV_ROOT/$LANE/bin/ansible-playbook" -i localhost, "$REPO_ROOT/examples/list_async_invoke_configs.yml"
select="$REPO_ROOT/examples/async_invoke_policy_select"
log "the role selects by prefix and tag: ansible-playbook -i examples/async_invoke_policy_select/inventory site.yml --diff"
"$VENV_ROOT/$LANE/bin/ansible-playbook" -i "$select/inventory" -e fc_region=eu-central-1 --diff "$select/site.yml"
log "second run of the selection: nothing changes"
second=$("$VENV_ROOT/$LANE/bin/ansible-playbook" -i "$select/inventory" -e fc_region=eu-central-1 "$select/site.yml")
printf '%s\n' "$second"
if ! grep -Eq 'payments +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' <<<"$second"; then
  echo "demo: the second run of the selection was expected to change nothing" >&2
  exit 1
fi
log "demo finished: created once, unchanged on the second run; the selection applied once, unchanged on the second run"
