# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a user sees through ansible-playbook when answers are lost, the service fails or hangs, or the endpoint is
wrong: outcomes checked in the registered result, the output and the emulator's log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

import pytest

from harness import CONFIG, INFO, methods, result_of, run_playbook, task_playbook

RESOLVER_STANDIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resolver_standin')


# ------------------------------------------------------------------ lost answers


def test_a_delete_whose_answer_was_lost_is_reported_as_a_change(emu, tmp_path):
    emu.add_fault(drop=True, action='DeleteAsyncInvokeConfig')
    task = {CONFIG: {'function_name': 'f1', 'state': 'absent'}}
    result = run_playbook(tmp_path, task_playbook(emu, task))
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert outcome['changed'] is True
    assert any('most likely deleted it' in warning for warning in outcome['warnings'])
    # the warning reaches the user (ansible-core 2.16 wraps a long warning over lines)
    assert 'most likely deleted it' in ' '.join(result.stdout.split())
    assert methods(emu) == [('GET', 200), ('DELETE', 204), ('DELETE', 404)]


def test_a_write_whose_answer_was_lost_is_confirmed_by_a_read(emu, tmp_path):
    emu.add_fault(drop=True, action='PutAsyncInvokeConfig')
    task = {CONFIG: {'function_name': 'f1', 'max_async_retry_attempts': 7, 'retries': 0}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task)), tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert outcome['changed'] is True and outcome['async_invoke_config']['max_async_retry_attempts'] == 7
    assert any('shows the config as requested' in warning for warning in outcome['warnings'])
    assert methods(emu) == [('GET', 200), ('PUT', 200), ('GET', 200)]


# ------------------------------------------------------------------ a 404 that is not the service's


@pytest.mark.parametrize(
    'module, args, fault',
    [
        (INFO, {}, dict(status=404, code='PathNotFound')),
        (INFO, {'function_name': 'f1'}, dict(status=404, body='<html><body><h1>404 Not Found</h1></body></html>')),
        (INFO, {'function_name': 'f1', 'qualifier': 'LATEST'}, dict(status=404)),
        (CONFIG, {'function_name': 'f2', 'max_async_retry_attempts': 1}, dict(status=404, code='NoSuchPath')),
        (CONFIG, {'function_name': 'f1', 'state': 'absent'}, dict(status=404, code='PathNotFound')),
        (CONFIG, {'function_name': 'f1', 'state': 'absent'}, dict(status=404, body='Not Found')),
    ],
)
def test_an_unknown_404_fails_naming_the_endpoint(emu, tmp_path, module, args, fault):
    emu.add_fault(count=5, **fault)
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, {module: args})), tmp_path)
    assert outcome['failed'] is True, outcome
    assert 'endpoint %s' % emu.url in outcome['msg']
    assert 'async_invoke_configs' not in outcome
    assert [r['method'] for r in emu.requests if r['method'] in ('PUT', 'POST')] == []
    assert len(emu.state()['async_configs']) == 1


# ------------------------------------------------------------------ failing and hanging services


def test_persistent_503_ends_within_the_default_retry_bound(emu, tmp_path):
    emu.add_fault(status=503, count=1000)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1'}}
    started = time.monotonic()
    result = run_playbook(tmp_path, task_playbook(emu, task))
    elapsed = time.monotonic() - started
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'ServiceUnavailable'
    assert len(emu.requests) == 6  # the first attempt and the default 5 retries
    assert elapsed < 60


def test_a_hanging_service_times_out_and_is_retried(emu, tmp_path):
    emu.add_fault(hang=3.0, count=2)
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': 'f1', 'read_timeout': 1, 'retries': 1}}
    result = run_playbook(tmp_path, task_playbook(emu, task))
    outcome = result_of(result, tmp_path)
    assert outcome['error']['code'] == 'RequestTimeout'
    assert outcome['error']['status_code'] is None
    assert 'after 2 attempts' in outcome['msg']


# ------------------------------------------------------------------ wrong endpoints


def failed_fast(emulator, tmp_path, endpoint, env_overrides=None):
    """Run the info module against ``endpoint`` with the default retries: (result, retry warnings). How long the
    attempts take is measured in-process (tests/emulated/plugins/module_utils/test_reconcile.py), away from
    ansible's start-up."""
    task = {'alicloud.fc.fcv3_async_invoke_config_info': {}}
    defaults = {'region': emulator.region, 'endpoint': endpoint}
    result = run_playbook(
        tmp_path, task_playbook(emulator, task, module_defaults=defaults), env_overrides=env_overrides
    )
    return result_of(result, tmp_path), result.stdout.count('Retrying after')


def test_a_name_that_does_not_resolve_fails_at_once_saying_so(emulator, tmp_path):
    outcome, retries = failed_fast(
        emulator, tmp_path, 'https://fc.eu-centrall-1.invalid', {'PYTHONPATH': RESOLVER_STANDIN}
    )
    assert outcome['error']['code'] == 'HostNotFound' and retries == 0
    assert outcome['msg'].startswith(
        'Failed to list the async invoke configs of region cn-hangzhou: HostNotFound: cannot '
        'resolve fc.eu-centrall-1.invalid ([Errno -2] Name or service not known): check the '
        'region and the endpoint'
    ), outcome['msg']
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
    assert outcome['msg'].startswith(
        'Failed to list the async invoke configs of region cn-hangzhou: ConnectionError: '
        'connection refused by 127.0.0.1:1'
    ), outcome['msg']
    assert 'after 3 attempts' in outcome['msg']
