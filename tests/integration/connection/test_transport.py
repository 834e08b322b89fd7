# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a user sees through ansible-playbook when the service fails or hangs, or the endpoint is wrong, with the
default retries and timeouts of a task: outcomes checked in the registered result, the output and the emulator's log.

Lost answers and a 404 that is not the service's are owned in process: tests/emulated/plugins/module_utils/
test_reconcile.py (every outcome) and tests/emulated/plugins/modules/test_fcv3_async_invoke_config{,_info}.py
(what main() returns)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time


from harness import result_of, run_playbook, task_playbook

RESOLVER_STANDIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resolver_standin')


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
