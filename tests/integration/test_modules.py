# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules end to end: ansible-playbook, the installed collection,
the real SDK and the emulator; outcomes checked in the registered result and the emulator's log.

The task-by-task walks of each module live in the ansible-test targets (tests/integration/targets),
which `ansible-test integration` runs (scripts/lib.sh run_integration_targets); these are the cases
that need what a target cannot set: the environment, verbosity, another interpreter."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from harness import ACCESS_KEY_ID, ACCESS_KEY_SECRET, result_of, run_playbook, task_playbook


def seed_one(emulator):
    emulator.seed({'functions': [{'name': 'f1'}],
                   'async_configs': [{'function_name': 'f1', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 2}}]})
    emulator.clear_requests()


@pytest.mark.parametrize('where', ['option', 'environment'])
def test_wrong_secret_fails_with_auth_code_and_never_prints_the_secret(emulator, tmp_path, where):
    secret = 'Sup3r-S3cret-Value-%s' % where
    seed_one(emulator)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    env = {}
    if where == 'option':
        task['alicloud.fc.fcv3_async_invoke_config_info']['access_key_secret'] = secret
    else:
        env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = secret
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert outcome['error']['code'] == 'SignatureNotMatch'
    assert outcome['error']['status_code'] == 403
    assert 'SignatureNotMatch' in outcome['msg']
    assert secret not in result.stdout
    assert secret not in (tmp_path / 'result.json').read_text()
    assert len(emulator.requests) == 1


def test_missing_region_fails_before_any_request(emulator, tmp_path):
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    result = run_playbook(tmp_path, task_playbook(emulator, task, module_defaults={'endpoint': emulator.url}), emulator)
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert 'region is required' in outcome['msg']
    assert 'ALIBABA_CLOUD_REGION_ID' in outcome['msg']
    assert emulator.requests == []


def test_region_and_endpoint_from_the_environment(emulator, tmp_path):
    seed_one(emulator)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    env = {'ALICLOUD_REGION': emulator.region, 'ALIBABA_CLOUD_FC_ENDPOINT': emulator.url}
    result = run_playbook(tmp_path, task_playbook(emulator, task, module_defaults={}), emulator, env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [item['max_async_retry_attempts'] for item in outcome['async_invoke_configs']] == [2]


def test_sts_credentials(emulator, tmp_path):
    seed_one(emulator)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {
        'function_name': 'f1', 'access_key_id': 'STS.EXAMPLE', 'access_key_secret': 'STSSECRET', 'security_token': 'STSTOKEN'}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [request['access_key_id'] for request in emulator.requests] == ['STS.EXAMPLE']
    assert 'STSTOKEN' not in result.stdout and 'STSSECRET' not in result.stdout


def test_wrong_sts_token_is_refused(emulator, tmp_path):
    seed_one(emulator)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {
        'function_name': 'f1', 'access_key_id': 'STS.EXAMPLE', 'access_key_secret': 'STSSECRET', 'security_token': 'stale-token'}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidSecurityToken'
    assert 'stale-token' not in result.stdout


def test_credentials_default_chain(emulator, tmp_path):
    """No key in options or environment: the alibabacloud-credentials chain finds a credentials file."""
    seed_one(emulator)
    credentials = tmp_path / 'credentials.ini'
    credentials.write_text(textwrap.dedent('''\
        [default]
        type = access_key
        access_key_id = %s
        access_key_secret = %s
        ''' % (ACCESS_KEY_ID, ACCESS_KEY_SECRET)))
    env = {'ALIBABA_CLOUD_ACCESS_KEY_ID': None, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None,
           'ALIBABA_CLOUD_CREDENTIALS_FILE': str(credentials)}
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert len(outcome['async_invoke_configs']) == 1
    assert [request['access_key_id'] for request in emulator.requests] == [ACCESS_KEY_ID]


def test_no_credentials_anywhere_is_a_clear_error(emulator, tmp_path):
    env = {'ALIBABA_CLOUD_ACCESS_KEY_ID': None, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None, 'HOME': str(tmp_path)}
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidCredentials'
    assert outcome['msg'].startswith('Failed to list the async invoke configs of region cn-hangzhou: InvalidCredentials: '
                                     'No credentials: set the access_key_id and access_key_secret options (or the '
                                     'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID'), outcome['msg']
    assert 'The chain said: unable to load credentials' in outcome['msg']
    assert emulator.requests == []


@pytest.mark.parametrize('module, args', [
    ('alicloud.fc.fcv3_async_invoke_config', {'function_name': 'f1x', 'state': 'absent'}),
    ('alicloud.fc.fcv3_async_invoke_config_info', {'function_name': 'f1x'}),
    ('alicloud.fc.fcv3_async_invoke_config_info', {'function_name': 'f1x', 'qualifier': 'LATEST'}),
])
def test_a_misspelt_function_is_not_silently_taken_for_no_config(emulator, tmp_path, module, args):
    seed_one(emulator)
    result = run_playbook(tmp_path, task_playbook(emulator, {module: args}), emulator)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True and outcome['changed'] is False, outcome
    assert outcome.get('async_invoke_configs', []) == []
    output = ' '.join(result.stdout.split())  # ansible-core 2.16 wraps a long warning over lines
    assert "[WARNING]: The service says function 'f1x'" in output, result.stdout
    assert 'does not exist (FunctionNotFound' in output
    assert [request['status'] for request in emulator.requests] == [404]


def test_persistent_503_ends_within_the_default_retry_bound(emulator, tmp_path):
    seed_one(emulator)
    emulator.add_fault(status=503, count=1000)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    started = time.monotonic()
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator)
    elapsed = time.monotonic() - started
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'ServiceUnavailable'
    assert len(emulator.requests) == 6  # the first attempt and the default 5 retries
    assert elapsed < 60


def test_a_hanging_service_times_out_and_is_retried(emulator, tmp_path):
    seed_one(emulator)
    emulator.add_fault(hang=3.0, count=2)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1', 'read_timeout': 1, 'retries': 1}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator)
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'RequestTimeout'
    assert outcome['error']['status_code'] is None
    assert 'after 2 attempts' in outcome['msg']


RESOLVER_STANDIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resolver_standin')


def failed_fast(emulator, tmp_path, endpoint, env_overrides=None):
    """Run the info module against ``endpoint`` with the default retries: (result, retry warnings). How long the
    attempts take is measured in-process (tests/unit/plugins/module_utils/test_flow.py), away from ansible's start-up."""
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    defaults = {'region': emulator.region, 'endpoint': endpoint}
    result = run_playbook(tmp_path, task_playbook(emulator, task, module_defaults=defaults), emulator,
                          env_overrides=env_overrides)
    return result_of(result, tmp_path), result.stdout.count('Retrying after')


def test_a_name_that_does_not_resolve_fails_at_once_saying_so(emulator, tmp_path):
    outcome, retries = failed_fast(emulator, tmp_path, 'https://fc.eu-centrall-1.invalid',
                                   {'PYTHONPATH': RESOLVER_STANDIN})
    assert outcome['error']['code'] == 'HostNotFound' and retries == 0
    assert outcome['msg'].startswith('Failed to list the async invoke configs of region cn-hangzhou: HostNotFound: cannot '
                                     'resolve fc.eu-centrall-1.invalid ([Errno -2] Name or service not known): check the '
                                     'region and the endpoint'), outcome['msg']
    assert '\n' not in outcome['msg'] and 'attempts' not in outcome['msg']


def test_https_to_a_plain_http_endpoint_fails_at_once_saying_use_http(emulator, tmp_path):
    address = emulator.url.split('://', 1)[1]
    outcome, retries = failed_fast(emulator, tmp_path, 'https://' + address)
    assert outcome['error']['code'] == 'TLSError' and retries == 0
    assert ('TLSError: the endpoint %s speaks plain HTTP, not HTTPS' % address) in outcome['msg'].split('\n')[0]
    assert outcome['msg'].split(' (endpoint ')[0].endswith('use http://%s' % address), outcome['msg']
    assert emulator.requests == [] and 'attempts' not in outcome['msg']


def test_connection_refused_is_retried_twice_at_most(emulator, tmp_path):
    outcome, retries = failed_fast(emulator, tmp_path, 'http://127.0.0.1:1')
    assert outcome['error']['code'] == 'ConnectionError' and retries == 2
    assert outcome['msg'].startswith('Failed to list the async invoke configs of region cn-hangzhou: ConnectionError: '
                                     'connection refused by 127.0.0.1:1'), outcome['msg']
    assert 'after 3 attempts' in outcome['msg']


def test_missing_sdk_is_reported_with_the_requirement(emulator, tmp_path):
    bare = tmp_path / 'bare-venv'
    subprocess.check_call([sys.executable, '-m', 'venv', '--without-pip', str(bare)])
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    env = {'ANSIBLE_PYTHON_INTERPRETER': str(bare / 'bin' / 'python')}
    result = run_playbook(tmp_path, task_playbook(emulator, task), emulator, env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert 'alibabacloud-fc20230330>=4.7.0' in outcome['msg']
    assert emulator.requests == []


@pytest.mark.parametrize('module, expected', [
    ('alicloud.fc.fcv3_async_invoke_config_info', ['async_invoke_configs', 'qualifier']),
    ('alicloud.fc.fcv3_async_invoke_config', ['async_invoke_config', 'destination_config', 'max_async_retry_attempts',
                                              'check_mode', 'diff_mode']),
    ('alicloud.fc.fcv3_async_invoke_configs', ['configs', 'defaults', 'purge', 'concurrency', 'results',
                                               'destination_config', 'check_mode', 'diff_mode']),
])
def test_ansible_doc_renders_the_module(tmp_path, module, expected):
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), module]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False,
                            cwd=str(tmp_path))
    assert result.returncode == 0, result.stdout
    for text in expected + ['group/alicloud.fc.fcv3', 'ALIBABA_CLOUD_REGION_ID', 'alibabacloud-fc20230330 >= 4.7.0']:
        assert text in result.stdout, text


EMPTY_ACCOUNT_FUNCTION = 'acs:fc:cn-hangzhou::functions/next'
EMPTY_ACCOUNT_TOPIC = 'acs:mns:cn-hangzhou::/topics/events/messages'


def test_destinations_with_an_empty_account_id_are_applied_as_given(emulator, tmp_path):
    emulator.seed({'functions': [{'name': 'single'}, {'name': 'fleet'}]})
    settings = {'destination_config': {'on_success': {'destination': EMPTY_ACCOUNT_FUNCTION},
                                       'on_failure': {'destination': EMPTY_ACCOUNT_TOPIC}}}
    play = json.loads(task_playbook(emulator, {'alicloud.fc.fcv3_async_invoke_config': dict(settings, function_name='single')}))
    play[0]['tasks'].insert(0, {'name': 'The fleet module', 'register': 'fleet', 'failed_when': False,
                                'alicloud.fc.fcv3_async_invoke_configs': {'configs': [dict(settings, function_name='fleet')]}})
    play[0]['tasks'][-1]['ansible.builtin.copy']['content'] = '{{ {"single": result, "fleet": fleet} | to_json }}'
    expected = {'onSuccess': {'destination': EMPTY_ACCOUNT_FUNCTION}, 'onFailure': {'destination': EMPTY_ACCOUNT_TOPIC}}
    first = result_of(run_playbook(tmp_path, json.dumps(play), emulator), tmp_path)
    for name in ('single', 'fleet'):
        assert first[name].get('failed') is not True and first[name]['changed'] is True, first[name].get('msg')
    assert [entry['config']['destinationConfig'] for entry in emulator.state()['async_configs']] == [expected, expected]
    emulator.clear_requests()
    again = result_of(run_playbook(tmp_path, json.dumps(play), emulator), tmp_path)
    assert again['single']['changed'] is False and again['fleet']['changed'] is False
    # One read each, nothing written.
    assert sorted((r['function_name'], r['action']) for r in emulator.requests) == [
        ('fleet', 'GetAsyncInvokeConfig'), ('single', 'GetAsyncInvokeConfig')]
