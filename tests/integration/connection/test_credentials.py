# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credentials and region through ansible-playbook: where they come from, what the service says about wrong ones,
and that no secret reaches the output; outcomes checked in the registered result, the output and the emulator's log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import textwrap

import pytest

from harness import (
    ACCESS_KEY_ID,
    ACCESS_KEY_SECRET,
    CONFIG,
    INFO,
    MASKED,
    result_of,
    run_playbook,
    shown_args,
    task_playbook,
)


@pytest.mark.parametrize('where', ['option', 'environment'])
def test_wrong_secret_fails_with_auth_code_and_never_prints_the_secret(emu, tmp_path, where):
    secret = 'Sup3r-S3cret-Value-%s' % where
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    env = {}
    if where == 'option':
        task['alicloud.fc.fcv3_async_invoke_config_info']['access_key_secret'] = secret
    else:
        env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = secret
    result = run_playbook(tmp_path, task_playbook(emu, task), env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert outcome['error']['code'] == 'SignatureNotMatch'
    assert outcome['error']['status_code'] == 403
    assert 'SignatureNotMatch' in outcome['msg']
    assert secret not in result.stdout
    assert secret not in (tmp_path / 'result.json').read_text()
    assert len(emu.requests) == 1


def test_missing_region_fails_before_any_request(emulator, tmp_path):
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    result = run_playbook(tmp_path, task_playbook(emulator, task, module_defaults={'endpoint': emulator.url}))
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert 'region is required' in outcome['msg']
    assert 'ALIBABA_CLOUD_REGION_ID' in outcome['msg']
    assert emulator.requests == []


def test_region_and_endpoint_from_the_environment(emu, tmp_path):
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    env = {'ALICLOUD_REGION': emu.region, 'ALIBABA_CLOUD_FC_ENDPOINT': emu.url}
    result = run_playbook(tmp_path, task_playbook(emu, task, module_defaults={}), env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [item['max_async_retry_attempts'] for item in outcome['async_invoke_configs']] == [2]


def test_sts_credentials(emu, tmp_path):
    task = {
        'alicloud.fc.fcv3_async_invoke_config_info': {
            'function_name': 'f1',
            'access_key_id': 'STS.EXAMPLE',
            'access_key_secret': 'STSSECRET',
            'security_token': 'STSTOKEN',
        }
    }
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [request['access_key_id'] for request in emu.requests] == ['STS.EXAMPLE']
    assert 'STSTOKEN' not in result.stdout and 'STSSECRET' not in result.stdout


def test_wrong_sts_token_is_refused(emu, tmp_path):
    task = {
        'alicloud.fc.fcv3_async_invoke_config_info': {
            'function_name': 'f1',
            'access_key_id': 'STS.EXAMPLE',
            'access_key_secret': 'STSSECRET',
            'security_token': 'stale-token',
        }
    }
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidSecurityToken'
    assert 'stale-token' not in result.stdout


def test_credentials_default_chain(emu, tmp_path):
    """No key in options or environment: the alibabacloud-credentials chain finds a credentials file."""
    credentials = tmp_path / 'credentials.ini'
    credentials.write_text(
        textwrap.dedent(
            '''\
        [default]
        type = access_key
        access_key_id = %s
        access_key_secret = %s
        '''
            % (ACCESS_KEY_ID, ACCESS_KEY_SECRET)
        )
    )
    env = {
        'ALIBABA_CLOUD_ACCESS_KEY_ID': None,
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None,
        'ALIBABA_CLOUD_CREDENTIALS_FILE': str(credentials),
    }
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    result = run_playbook(tmp_path, task_playbook(emu, task), env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert len(outcome['async_invoke_configs']) == 1
    assert [request['access_key_id'] for request in emu.requests] == [ACCESS_KEY_ID]


def test_no_credentials_anywhere_is_a_clear_error(emulator, tmp_path):
    env = {'ALIBABA_CLOUD_ACCESS_KEY_ID': None, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None, 'HOME': str(tmp_path)}
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    result = run_playbook(tmp_path, task_playbook(emulator, task), env_overrides=env)
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidCredentials'
    assert outcome['msg'].startswith(
        'Failed to list the async invoke configs of region cn-hangzhou: InvalidCredentials: '
        'No credentials: set the access_key_id and access_key_secret options (or the '
        'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID'
    ), outcome['msg']
    assert 'The chain said: unable to load credentials' in outcome['msg']
    assert emulator.requests == []


# ------------------------------------------------------------------ secrets and tracebacks


# What ansible-core shows of a module's invocation at -vvv: every lane.
@pytest.mark.every_lane
@pytest.mark.parametrize(
    'module, args',
    [
        (INFO, {'function_name': 'f1'}),
        (CONFIG, {'function_name': 'f1', 'max_async_retry_attempts': 2}),
    ],
)
def test_secret_options_are_masked_in_the_invocation(emu, tmp_path, module, args):
    """Fails on every supported ansible-core if no_log is taken off a secret option."""
    args = dict(args, access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET', security_token='STSTOKEN')
    result = run_playbook(tmp_path, task_playbook(emu, {module: args}), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert shown_args(result.stdout, 'access_key_secret') == [MASKED]
    assert shown_args(result.stdout, 'security_token') == [MASKED]
    assert shown_args(result.stdout, 'access_key_id') == ['STS.EXAMPLE']  # an identifier, deliberately readable
    assert 'STSSECRET' not in result.stdout and 'STSTOKEN' not in result.stdout


def test_a_secret_from_the_environment_is_masked_in_the_invocation(emu, tmp_path):
    result = run_playbook(tmp_path, task_playbook(emu, {INFO: {}}), extra_args=['-vvv'])
    result_of(result, tmp_path)
    assert shown_args(result.stdout, 'access_key_secret') == [MASKED]
    assert ACCESS_KEY_SECRET not in result.stdout
    assert ACCESS_KEY_SECRET not in (tmp_path / 'result.json').read_text()


def test_an_error_that_is_not_the_services_answer_keeps_its_traceback(emu, tmp_path):
    # ansible-core 2.19+ captures a module's traceback only when asked (ANSIBLE_DISPLAY_TRACEBACK); older
    # releases always return it and show it at -vvv.
    env = {
        'ALIBABA_CLOUD_ACCESS_KEY_ID': None,
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None,
        'HOME': str(tmp_path),
        'ANSIBLE_DISPLAY_TRACEBACK': 'error',
    }
    result = run_playbook(tmp_path, task_playbook(emu, {INFO: {}}), env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidCredentials'
    assert 'Traceback' not in outcome['msg']  # the message stays clean
    assert 'Traceback (most recent call last)' in str(outcome['exception'])
    assert 'unable to load credentials' in str(outcome['exception'])
    assert 'Traceback (most recent call last)' in result.stdout
