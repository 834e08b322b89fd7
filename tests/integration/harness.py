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
import re
import subprocess
import sys

from clean_env import clean_environment

HERE = os.path.dirname(os.path.abspath(__file__))
# The collection's root (the staged copy in `make test`), where examples/ and docs/ are.
COLLECTION_ROOT = os.path.dirname(os.path.dirname(HERE))

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'

CONFIG = 'alicloud.fc.fcv3_async_invoke_config'
INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
MASKED = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def base_environment(scratch):
    """clean_env's environment (home and Ansible's files under the directory ``scratch``) with this collection's
    test settings: modules run by this Python, the emulator's access key."""
    if not os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        raise RuntimeError('ANSIBLE_COLLECTIONS_PATH is not set: run the integration tests through `make test`')
    env = clean_environment(scratch)
    bin_dir = os.path.dirname(sys.executable)
    env.update(
        {
            'PATH': bin_dir + os.pathsep + env.get('PATH', ''),
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_RETRY_FILES_ENABLED': '0',
            'ANSIBLE_LOCALHOST_WARNING': '0',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
            'ANSIBLE_DEPRECATION_WARNINGS': '0',
            # ansible-core 2.19+ returns a module's invocation (where no_log masking shows) only when asked.
            'ANSIBLE_INJECT_INVOCATION': '1',
            'ALIBABA_CLOUD_ACCESS_KEY_ID': ACCESS_KEY_ID,
            'ALIBABA_CLOUD_ACCESS_KEY_SECRET': ACCESS_KEY_SECRET,
        }
    )
    return env


def run_playbook(tmp_path, text, env_overrides=None, extra_args=(), inventory='localhost,', python=None):
    """Write ``text`` as a playbook in ``tmp_path`` and run it there, with the ansible-playbook of ``python``
    (default: this one) and base_environment(``tmp_path``); ``env_overrides`` set variables, or remove them (None).
    Returns the CompletedProcess (output in .stdout)."""
    playbook = tmp_path / 'playbook.yml'
    playbook.write_text(text)
    env = base_environment(tmp_path)
    for name, value in (env_overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = [
        os.path.join(os.path.dirname(python or sys.executable), 'ansible-playbook'),
        '-i',
        inventory,
        str(playbook),
    ]
    command.extend(extra_args)
    return subprocess.run(
        command,
        env=env,
        cwd=str(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=600,
        check=False,
    )


def task_playbook(emulator, task, module_defaults=None):
    """A play with one task whose registered result is written to result.json beside the playbook."""
    defaults = module_defaults if module_defaults is not None else {'region': emulator.region, 'endpoint': emulator.url}
    play = [
        {
            'name': 'One task',
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'module_defaults': {'group/alicloud.fc.fcv3': defaults},
            'tasks': [
                dict(task, name='Run the module', register='result', ignore_errors=True),
                {
                    'name': 'Keep the result',
                    'ansible.builtin.copy': {
                        'content': '{{ result | to_json }}',
                        'dest': '{{ playbook_dir }}/result.json',
                        'mode': '0600',
                    },
                    'check_mode': False,
                    'diff': False,
                },
            ],
        }
    ]
    return json.dumps(play)


def result_of(result, tmp_path):
    assert result.returncode == 0, result.stdout  # the task's failure is ignored so that its result is kept
    return json.loads((tmp_path / 'result.json').read_text())


def shown_args(stdout, option):
    """Every value -vvv output shows for ``option``: the module's invocation, which ansible-core 2.16 shows
    at -vvv and 2.19+ returns when ANSIBLE_INJECT_INVOCATION is set (base_environment sets it)."""
    return re.findall(r'"%s": "([^"]*)"' % re.escape(option), stdout)


def methods(emulator):
    """(method, status) of every request the emulator answered, in order."""
    return [(r['method'], r['status']) for r in emulator.requests]
