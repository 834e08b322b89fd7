# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules end to end: ansible-playbook, the installed collection, the real SDK and the emulator; outcomes
checked in the registered result and the emulator's log. Connection settings, credentials and proxies:
tests/integration/connection; the batch module: tests/integration/batch_module.

The task-by-task walks of each module live in the ansible-test targets (tests/integration/targets), which
`ansible-test integration` runs (scripts/lib.sh run_integration_targets); these are the cases that need what
a target cannot set: the environment, verbosity, another interpreter."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from clean_env import clean_environment
from harness import result_of, run_playbook, task_playbook


def seed_one(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}],
            'async_configs': [{'function_name': 'f1', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    emulator.clear_requests()


@pytest.mark.parametrize(
    'module, args',
    [
        ('alicloud.fc.fcv3_async_invoke_config', {'function_name': 'f1x', 'state': 'absent'}),
        ('alicloud.fc.fcv3_async_invoke_config_info', {'function_name': 'f1x'}),
        ('alicloud.fc.fcv3_async_invoke_config_info', {'function_name': 'f1x', 'qualifier': 'LATEST'}),
    ],
)
def test_a_misspelt_function_is_not_silently_taken_for_no_config(emulator, tmp_path, module, args):
    seed_one(emulator)
    result = run_playbook(tmp_path, task_playbook(emulator, {module: args}))
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True and outcome['changed'] is False, outcome
    assert outcome.get('async_invoke_configs', []) == []
    output = ' '.join(result.stdout.split())  # ansible-core 2.16 wraps a long warning over lines
    assert "[WARNING]: The service says function 'f1x'" in output, result.stdout
    assert 'does not exist (FunctionNotFound' in output
    assert [request['status'] for request in emulator.requests] == [404]


def test_missing_sdk_is_reported_with_the_requirement(emulator, tmp_path):
    bare = tmp_path / 'bare-venv'
    subprocess.check_call([sys.executable, '-m', 'venv', '--without-pip', str(bare)])
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    env = {'ANSIBLE_PYTHON_INTERPRETER': str(bare / 'bin' / 'python')}
    result = run_playbook(tmp_path, task_playbook(emulator, task), env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert 'alibabacloud-fc20230330>=4.7.0' in outcome['msg']
    assert emulator.requests == []


@pytest.mark.parametrize(
    'module, expected',
    [
        ('alicloud.fc.fcv3_async_invoke_config_info', ['async_invoke_configs', 'qualifier']),
        (
            'alicloud.fc.fcv3_async_invoke_config',
            ['async_invoke_config', 'destination_config', 'max_async_retry_attempts', 'check_mode', 'diff_mode'],
        ),
        (
            'alicloud.fc.fcv3_async_invoke_configs',
            ['configs', 'defaults', 'purge', 'concurrency', 'results', 'destination_config', 'check_mode', 'diff_mode'],
        ),
    ],
)
def test_ansible_doc_renders_the_module(tmp_path, module, expected):
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), module]
    result = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
        cwd=str(tmp_path),
        env=clean_environment(tmp_path),
    )
    assert result.returncode == 0, result.stdout
    for text in expected + ['group/alicloud.fc.fcv3', 'ALIBABA_CLOUD_REGION_ID', 'alibabacloud-fc20230330 >= 4.7.0']:
        assert text in result.stdout, text


EMPTY_ACCOUNT_FUNCTION = 'acs:fc:cn-hangzhou::functions/next'
EMPTY_ACCOUNT_TOPIC = 'acs:mns:cn-hangzhou::/topics/events/messages'


def test_destinations_with_an_empty_account_id_are_applied_as_given(emulator, tmp_path):
    emulator.seed({'functions': [{'name': 'single'}, {'name': 'fleet'}]})
    settings = {
        'destination_config': {
            'on_success': {'destination': EMPTY_ACCOUNT_FUNCTION},
            'on_failure': {'destination': EMPTY_ACCOUNT_TOPIC},
        }
    }
    play = json.loads(
        task_playbook(emulator, {'alicloud.fc.fcv3_async_invoke_config': dict(settings, function_name='single')})
    )
    play[0]['tasks'].insert(
        0,
        {
            'name': 'The fleet module',
            'register': 'fleet',
            'failed_when': False,
            'alicloud.fc.fcv3_async_invoke_configs': {'configs': [dict(settings, function_name='fleet')]},
        },
    )
    play[0]['tasks'][-1]['ansible.builtin.copy']['content'] = '{{ {"single": result, "fleet": fleet} | to_json }}'
    expected = {'onSuccess': {'destination': EMPTY_ACCOUNT_FUNCTION}, 'onFailure': {'destination': EMPTY_ACCOUNT_TOPIC}}
    first = result_of(run_playbook(tmp_path, json.dumps(play)), tmp_path)
    for name in ('single', 'fleet'):
        assert first[name].get('failed') is not True and first[name]['changed'] is True, first[name].get('msg')
    assert [entry['config']['destinationConfig'] for entry in emulator.state()['async_configs']] == [expected, expected]
    emulator.clear_requests()
    again = result_of(run_playbook(tmp_path, json.dumps(play)), tmp_path)
    assert again['single']['changed'] is False and again['fleet']['changed'] is False
    # One read each, nothing written.
    assert sorted((r['function_name'], r['action']) for r in emulator.requests) == [
        ('fleet', 'GetAsyncInvokeConfig'),
        ('single', 'GetAsyncInvokeConfig'),
    ]
