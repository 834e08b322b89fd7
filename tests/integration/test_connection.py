# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a user sees through ansible-playbook when answers are lost, the endpoint is wrong, a proxy sits in
between, or a secret arrives where it should not: outcomes checked in the registered result, the output
and the emulator's (or the proxy's) log."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import sys

import pytest

from harness import ACCESS_KEY_SECRET, result_of, run_playbook, task_playbook

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'emulator')
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from forward_proxy import ForwardProxy  # noqa: E402  pylint: disable=wrong-import-position

CONFIG = 'alicloud.fc.fcv3_async_invoke_config'
INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
MASKED = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
# An address nothing listens on: a proxy that is down.
DEAD_PROXY = 'http://127.0.0.1:1'


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed({'functions': [{'name': 'f1'}, {'name': 'f2'}],
                   'async_configs': [{'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}}]})
    emulator.clear_requests()
    return emulator


@pytest.fixture(name='proxy')
def _proxy():
    started = ForwardProxy(user='alice', password='Pr0xy-Pa55-Distinct').start()
    yield started
    started.stop()


def shown_args(stdout, option):
    """Every value -vvv output shows for ``option``: the module's invocation, which ansible-core 2.16 shows
    at -vvv and 2.19+ returns when ANSIBLE_INJECT_INVOCATION is set (the harness sets it)."""
    return re.findall(r'"%s": "([^"]*)"' % re.escape(option), stdout)


def methods(emulator):
    return [(r['method'], r['status']) for r in emulator.requests]


# ------------------------------------------------------------------ lost answers

def test_a_delete_whose_answer_was_lost_is_reported_as_a_change(emu, tmp_path):
    emu.add_fault(drop=True, action='DeleteAsyncInvokeConfig')
    task = {CONFIG: {'function_name': 'f1', 'state': 'absent'}}
    result = run_playbook(tmp_path, task_playbook(emu, task), emu)
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert outcome['changed'] is True
    assert any('most likely deleted it' in warning for warning in outcome['warnings'])
    assert 'most likely deleted it' in result.stdout  # the warning reaches the user
    assert methods(emu) == [('DELETE', 204), ('DELETE', 404)]


def test_a_write_whose_answer_was_lost_is_confirmed_by_a_read(emu, tmp_path):
    emu.add_fault(drop=True, action='PutAsyncInvokeConfig')
    task = {CONFIG: {'function_name': 'f1', 'max_async_retry_attempts': 7, 'retries': 0}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task), emu), tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert outcome['changed'] is True and outcome['async_invoke_config']['max_async_retry_attempts'] == 7
    assert any('shows the config as requested' in warning for warning in outcome['warnings'])
    assert methods(emu) == [('GET', 200), ('PUT', 200), ('GET', 200)]


# ------------------------------------------------------------------ a 404 that is not the service's

@pytest.mark.parametrize('module, args, fault', [
    (INFO, {}, dict(status=404, code='PathNotFound')),
    (INFO, {'function_name': 'f1'}, dict(status=404, body='<html><body><h1>404 Not Found</h1></body></html>')),
    (INFO, {'function_name': 'f1', 'qualifier': 'LATEST'}, dict(status=404)),
    (CONFIG, {'function_name': 'f2', 'max_async_retry_attempts': 1}, dict(status=404, code='NoSuchPath')),
    (CONFIG, {'function_name': 'f1', 'state': 'absent'}, dict(status=404, code='PathNotFound')),
    (CONFIG, {'function_name': 'f1', 'state': 'absent'}, dict(status=404, body='Not Found')),
])
def test_an_unknown_404_fails_naming_the_endpoint(emu, tmp_path, module, args, fault):
    emu.add_fault(count=5, **fault)
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, {module: args}), emu), tmp_path)
    assert outcome['failed'] is True, outcome
    assert 'endpoint %s' % emu.url in outcome['msg']
    assert 'async_invoke_configs' not in outcome
    assert [r['method'] for r in emu.requests if r['method'] in ('PUT', 'POST')] == []
    assert len(emu.state()['async_configs']) == 1


# ------------------------------------------------------------------ proxies

def test_no_proxy_covering_the_endpoint_bypasses_a_dead_proxy(emu, tmp_path):
    env = {'HTTPS_PROXY': DEAD_PROXY, 'HTTP_PROXY': DEAD_PROXY, 'http_proxy': DEAD_PROXY, 'NO_PROXY': 'localhost,127.0.0.1'}
    task = {INFO: {'function_name': 'f1'}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task), emu, env_overrides=env), tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [item['max_async_retry_attempts'] for item in outcome['async_invoke_configs']] == [2]


def test_a_proxy_in_the_environment_is_used(emu, tmp_path):
    env = {'HTTP_PROXY': DEAD_PROXY}
    task = {INFO: {'function_name': 'f1', 'retries': 0}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task), emu, env_overrides=env), tmp_path)
    assert outcome['failed'] is True and outcome['error']['code'] == 'ConnectionError'
    assert emu.requests == []


def test_the_proxy_option_sends_requests_through_the_proxy_and_masks_its_password(emu, proxy, tmp_path):
    # The environment says "no proxy at all"; the option wins.
    env = {'NO_PROXY': '*'}
    task = {CONFIG: {'function_name': 'f2', 'max_async_retry_attempts': 4, 'proxy': proxy.url_with_credentials()}}
    result = run_playbook(tmp_path, task_playbook(emu, task), emu, env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [(r['method'], r['user']) for r in proxy.requests] == [('GET', 'alice'), ('PUT', 'alice')]
    assert all(r['url'].startswith(emu.url + '/2023-03-30/functions/f2/') for r in proxy.requests)
    assert methods(emu) == [('GET', 404), ('PUT', 200)]
    assert proxy.password not in result.stdout
    assert proxy.password not in (tmp_path / 'result.json').read_text()
    assert shown_args(result.stdout, 'proxy') == ['http://alice:********@127.0.0.1:%d' % proxy.port]


def test_a_refused_proxy_password_is_masked_in_the_failure(emu, proxy, tmp_path):
    wrong = 'http://alice:Wr0ng-Pr0xy-Secret@127.0.0.1:%d' % proxy.port
    task = {INFO: {'proxy': wrong, 'retries': 0}}
    result = run_playbook(tmp_path, task_playbook(emu, task), emu, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and 'proxy authentication required' in outcome['msg']
    assert 'Wr0ng-Pr0xy-Secret' not in result.stdout
    assert 'Wr0ng-Pr0xy-Secret' not in (tmp_path / 'result.json').read_text()
    assert emu.requests == []


@pytest.mark.parametrize('option, value', [
    ('endpoint', 'http://admin:Endp0int-Secret@127.0.0.1:8080'),
    ('proxy', 'socks5://admin:Endp0int-Secret@127.0.0.1:1080'),
])
def test_a_password_inside_a_bad_url_is_masked_although_the_task_fails_on_it(emu, tmp_path, option, value):
    task = {INFO: {option: value}}
    result = run_playbook(tmp_path, task_playbook(emu, task), emu, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and '%s must look like' % option in outcome['msg']
    assert 'Endp0int-Secret' not in result.stdout
    assert 'Endp0int-Secret' not in (tmp_path / 'result.json').read_text()
    assert shown_args(result.stdout, option) == [value.replace('Endp0int-Secret', '********')]
    assert emu.requests == []


def test_a_password_in_a_url_is_masked_when_argument_validation_fails(emu, tmp_path):
    task = {INFO: {'endpoint': 'http://admin:Endp0int-Secret@127.0.0.1:8080', 'retries': 'many'}}
    result = run_playbook(tmp_path, task_playbook(emu, task), emu, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and 'retries' in outcome['msg']
    assert 'Endp0int-Secret' not in result.stdout


# ------------------------------------------------------------------ secrets and tracebacks

@pytest.mark.parametrize('module, args', [
    (INFO, {'function_name': 'f1'}),
    (CONFIG, {'function_name': 'f1', 'max_async_retry_attempts': 2}),
])
def test_secret_options_are_masked_in_the_invocation(emu, tmp_path, module, args):
    """Fails on every supported ansible-core if no_log is taken off a secret option."""
    args = dict(args, access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET', security_token='STSTOKEN')
    result = run_playbook(tmp_path, task_playbook(emu, {module: args}), emu, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert shown_args(result.stdout, 'access_key_secret') == [MASKED]
    assert shown_args(result.stdout, 'security_token') == [MASKED]
    assert shown_args(result.stdout, 'access_key_id') == ['STS.EXAMPLE']  # an identifier, deliberately readable
    assert 'STSSECRET' not in result.stdout and 'STSTOKEN' not in result.stdout


def test_a_secret_from_the_environment_is_masked_in_the_invocation(emu, tmp_path):
    result = run_playbook(tmp_path, task_playbook(emu, {INFO: {}}), emu, extra_args=['-vvv'])
    result_of(result, tmp_path)
    assert shown_args(result.stdout, 'access_key_secret') == [MASKED]
    assert ACCESS_KEY_SECRET not in result.stdout
    assert ACCESS_KEY_SECRET not in (tmp_path / 'result.json').read_text()


def test_an_error_that_is_not_the_services_answer_keeps_its_traceback(emu, tmp_path):
    # ansible-core 2.19+ captures a module's traceback only when asked (ANSIBLE_DISPLAY_TRACEBACK); older
    # releases always return it and show it at -vvv.
    env = {'ALIBABA_CLOUD_ACCESS_KEY_ID': None, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET': None, 'HOME': str(tmp_path),
           'ANSIBLE_DISPLAY_TRACEBACK': 'error'}
    result = run_playbook(tmp_path, task_playbook(emu, {INFO: {}}), emu, env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'InvalidCredentials'
    assert 'Traceback' not in outcome['msg']  # the message stays clean
    assert 'Traceback (most recent call last)' in str(outcome['exception'])
    assert 'unable to load credentials' in str(outcome['exception'])
    assert 'Traceback (most recent call last)' in result.stdout
