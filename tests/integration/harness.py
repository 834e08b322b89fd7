# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run playbooks with ansible-playbook against an emulator, the way a user runs them.

The collection comes from ANSIBLE_COLLECTIONS_PATH, which `make test` points at the collection
installed from its built artifact, so these tests also prove the artifact.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'


def base_environment(emulator):
    """A clean environment: no proxies, no ambient Alibaba Cloud settings, modules run by this Python."""
    if not os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        raise RuntimeError('ANSIBLE_COLLECTIONS_PATH is not set: run the integration tests through `make test`')
    env = dict((name, value) for name, value in os.environ.items()
               if not name.lower().endswith('_proxy') and not name.startswith(('ALIBABA_CLOUD_', 'ALICLOUD_')))
    bin_dir = os.path.dirname(sys.executable)
    env.update({
        'PATH': bin_dir + os.pathsep + env.get('PATH', ''),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0',
        # ansible-core 2.19+ returns a module's invocation (where no_log masking shows) only when asked.
        'ANSIBLE_INJECT_INVOCATION': '1',
        'ALIBABA_CLOUD_ACCESS_KEY_ID': ACCESS_KEY_ID,
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET': ACCESS_KEY_SECRET,
        # Keep the credentials default chain away from this machine's files and metadata service.
        'ALIBABA_CLOUD_ECS_METADATA_DISABLED': 'true',
        'ALIBABA_CLOUD_CLI_PROFILE_DISABLED': 'true',
    })
    return env


def run_playbook(tmp_path, text, emulator, env_overrides=None, extra_args=()):
    """Write ``text`` as a playbook and run it; returns the CompletedProcess (output in .stdout)."""
    playbook = tmp_path / 'playbook.yml'
    playbook.write_text(text)
    env = base_environment(emulator)
    for name, value in (env_overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,', str(playbook)]
    command.extend(extra_args)
    return subprocess.run(command, env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=600, check=False)


def task_playbook(emulator, task, module_defaults=None):
    """A play with one task whose registered result is written to result.json beside the playbook."""
    defaults = module_defaults if module_defaults is not None else {'region': emulator.region, 'endpoint': emulator.url}
    play = [{
        'name': 'One task',
        'hosts': 'localhost',
        'connection': 'local',
        'gather_facts': False,
        'module_defaults': {'group/alicloud.fc.fcv3': defaults},
        'tasks': [
            dict(task, name='Run the module', register='result', ignore_errors=True),
            {'name': 'Keep the result', 'ansible.builtin.copy': {'content': '{{ result | to_json }}',
                                                                 'dest': '{{ playbook_dir }}/result.json', 'mode': '0600'},
             'check_mode': False, 'diff': False},
        ],
    }]
    return json.dumps(play)


def result_of(result, tmp_path):
    assert result.returncode == 0, result.stdout  # the task's failure is ignored so that its result is kept
    return json.loads((tmp_path / 'result.json').read_text())
