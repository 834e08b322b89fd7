#!/usr/bin/env bash
# build_docsite.sh DEST: the HTML docs of the alicloud.fc collection found in ANSIBLE_COLLECTIONS_PATH
# (every module and role page, the guides of docs/docsite), written to DEST/html.
# Needs antsibull-docs and sphinx on PATH (the docs lane: scripts/docs.sh sets it up).
#
# Nothing of this is kept in the repository: the RST is generated from the installed collection
# on every build, so the pages cannot lag behind the module docs. Warnings are errors, and every
# cross-reference must resolve (nitpicky).
set -euo pipefail

dest=${1:?usage: build_docsite.sh DEST}
rm -rf "$dest"
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --no-add-antsibull-docs-version \
  --project alicloud.fc --copyright 'alicloud.fc contributors' \
  --title 'alicloud.fc: Alibaba Cloud Function Compute 3.0 for Ansible' --html-short-title alicloud.fc \
  --dest-dir "$dest" alicloud.fc >/dev/null

# The generated pages refer to three pages of the Ansible docs (action plugins: from a module with one of its name). Without network access intersphinx
# cannot fetch the Ansible inventory, so the build gets a small one naming exactly those targets.
"$(command -v python3)" - "$dest/ansible_devel.inv" <<'PY'
import sys
import zlib

targets = {
    'action_plugins': ('plugins/action.html#$', 'Action plugins'),
    'ansible_configuration_settings': ('reference_appendices/config.html#$', 'Ansible Configuration Settings'),
    'common_return_values': ('reference_appendices/common_return_values.html#$', 'Return Values'),
}
lines = ''.join('%s std:label -1 %s %s\n' % (name, uri, title) for name, (uri, title) in sorted(targets.items()))
with open(sys.argv[1], 'wb') as inventory:
    inventory.write(b'# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
                    b'# The remainder of this file is compressed using zlib.\n')
    inventory.write(zlib.compress(lines.encode('utf-8')))
PY
cat >>"$dest/conf.py" <<'PY'

# alicloud.fc: resolve references to the Ansible docs offline, from the inventory build_docsite.sh wrote.
import os  # noqa: E402
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/',
                      os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ansible_devel.inv')),
}
PY

mkdir -p "$dest/rst"
chmod og-w "$dest/rst"
antsibull-docs --config-file "$dest/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
  --use-current --squash-hierarchy --dest-dir "$dest/rst" alicloud.fc >/dev/null
sphinx-build -b html -q -W --keep-going -n -c "$dest" "$dest/rst" "$dest/html"
