# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_reconcile.py: the per-item read -> compare -> write flow against the emulator, through the
real SDK: what each outcome returns, and exactly which requests it cost (the emulator's log).

These run in-process in seconds; the playbook tests prove the same flow through ansible-playbook.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import time

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._reconcile import ensure_absent, ensure_present
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'
NEXT = 'acs:fc:cn-hangzhou:1234567890123456:functions/next'


def client_for(emulator, retries=2, read_timeout=10.0):
    settings = ConnectionSettings(
        emulator.region,
        endpoint=emulator.url,
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        read_timeout=read_timeout,
        retry_policy=RetryPolicy(retries=retries, timeout=20, base_delay=0.01, max_delay=0.05),
    )
    return FC3Client(settings, environ={})


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}, {'name': 'f2'}],
            'async_configs': [
                {'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2, 'maxAsyncEventAgeInSeconds': 600}}
            ],
        }
    )
    emulator.clear_requests()
    return emulator


def calls(emulator):
    return [(r['method'], r['function_name'], r['status']) for r in emulator.requests]


def stored(emulator, name, qualifier='LATEST'):
    for entry in emulator.state()['async_configs']:
        if (entry['function_name'], entry['qualifier']) == (name, qualifier):
            return entry['config']
    return None


# ------------------------------------------------------------------ present


@pytest.mark.parametrize(
    'name, desired, changed, expected_calls',
    [
        ('f1', {'max_async_retry_attempts': 2}, False, [('GET', 'f1', 200)]),
        ('f1', {}, False, [('GET', 'f1', 200)]),
        ('f1', {'max_async_retry_attempts': 5}, True, [('GET', 'f1', 200), ('PUT', 'f1', 200)]),
        ('f2', {'async_task': True}, True, [('GET', 'f2', 404), ('PUT', 'f2', 200)]),
    ],
)
def test_present(emu, name, desired, changed, expected_calls):
    item = ensure_present(client_for(emu), name, 'LATEST', desired)
    assert not item.failed, item.msg
    assert item.changed is changed
    assert calls(emu) == expected_calls
    for field, value in desired.items():
        assert item.after[field] == value
    assert item.after['function_name'] == name and item.after['qualifier'] == 'LATEST'


def test_present_keeps_what_is_not_given(emu):
    item = ensure_present(
        client_for(emu), 'f1', 'LATEST', {'destination_config': {'on_failure': {'destination': NEXT}}}
    )
    assert item.changed
    assert stored(emu, 'f1')['maxAsyncEventAgeInSeconds'] == 600
    assert stored(emu, 'f1')['destinationConfig'] == {'onFailure': {'destination': NEXT}}
    assert item.before['max_async_retry_attempts'] == 2 and 'destination_config' not in item.before


def test_present_in_check_mode_writes_nothing_and_predicts(emu):
    item = ensure_present(client_for(emu), 'f1', 'LATEST', {'max_async_retry_attempts': 8}, check_mode=True)
    assert item.changed and item.after['max_async_retry_attempts'] == 8
    assert item.after['max_async_event_age_in_seconds'] == 600
    assert calls(emu) == [('GET', 'f1', 200)]
    assert stored(emu, 'f1')['maxAsyncRetryAttempts'] == 2


def test_present_with_a_config_read_by_the_caller_makes_no_read(emu):
    current = {'function_name': 'f2', 'qualifier': 'LATEST', 'max_async_retry_attempts': 1}
    item = ensure_present(client_for(emu), 'f2', 'LATEST', {'max_async_retry_attempts': 1}, current=current)
    assert not item.changed and calls(emu) == []


def test_a_lost_write_answer_is_settled_by_a_read(emu):
    emu.add_fault(drop=True, action='PutAsyncInvokeConfig')
    item = ensure_present(client_for(emu, retries=0), 'f1', 'LATEST', {'max_async_retry_attempts': 6})
    assert not item.failed, item.msg
    assert item.changed and item.after['max_async_retry_attempts'] == 6
    assert any('was lost' in warning and 'shows the config as requested' in warning for warning in item.warnings)
    assert calls(emu) == [('GET', 'f1', 200), ('PUT', 'f1', 200), ('GET', 'f1', 200)]


def test_a_lost_write_answer_then_a_retry_is_simply_changed(emu):
    emu.add_fault(drop=True, action='PutAsyncInvokeConfig')
    item = ensure_present(client_for(emu), 'f1', 'LATEST', {'max_async_retry_attempts': 6})
    assert item.changed and not item.failed and item.after['max_async_retry_attempts'] == 6
    assert calls(emu) == [('GET', 'f1', 200), ('PUT', 'f1', 200), ('PUT', 'f1', 200)]


def test_a_write_with_no_answer_and_no_sign_of_it_says_it_may_have_been_applied(emu):
    # The service is still working on the write when the read comes: nothing can be settled.
    emu.add_fault(hang=2.5, action='PutAsyncInvokeConfig')
    item = ensure_present(client_for(emu, retries=0, read_timeout=1), 'f1', 'LATEST', {'max_async_retry_attempts': 6})
    assert item.failed and item.changed
    assert 'may have been applied' in item.msg
    assert item.error.code == 'RequestTimeout'
    assert item.after['max_async_retry_attempts'] == 2  # what the read after the write showed


def test_a_refused_write_leaves_the_config_as_it_was(emu):
    emu.add_fault(status=400, code='InvalidArgument', action='PutAsyncInvokeConfig')
    item = ensure_present(client_for(emu), 'f1', 'LATEST', {'max_async_retry_attempts': 6})
    assert item.failed and not item.changed
    assert 'The service refused the write, so the config is as it was' in item.msg
    assert item.after['max_async_retry_attempts'] == 2


@pytest.mark.parametrize(
    'fault',
    [
        dict(status=404, code='PathNotFound'),
        dict(status=404),
        dict(status=404, body='<html><body>Not Found</body></html>'),
    ],
)
def test_a_404_that_is_not_the_services_not_found_is_an_error_naming_the_endpoint(emu, fault):
    emu.add_fault(action='GetAsyncInvokeConfig', **fault)
    item = ensure_present(client_for(emu), 'f2', 'LATEST', {'max_async_retry_attempts': 1})
    assert item.failed and not item.changed
    assert 'endpoint %s' % emu.url in item.msg
    assert [r['method'] for r in emu.requests] == ['GET']  # nothing was created
    assert stored(emu, 'f2') is None


def test_an_html_page_keeps_its_status_and_leaves_the_page_out(emu):
    page = '<!DOCTYPE html>\n<html>\n<head><title>404 Not Found</title></head>\n<body>\n%s</body>\n</html>' % (
        '<p>x</p>\n' * 10
    )
    emu.add_fault(action='GetAsyncInvokeConfig', status=404, body=page)
    item = ensure_present(client_for(emu), 'f2', 'LATEST', {'max_async_retry_attempts': 1})
    assert item.failed and item.error.code == 'InvalidResponse' and item.error.status_code == 404
    assert "HTTP 404, not JSON (a page titled '404 Not Found'): is the endpoint a Function Compute endpoint" in item.msg
    assert '<' not in item.msg and '\n' not in item.msg


def resolve_no_invalid_names(monkeypatch):
    """Names under .invalid (RFC 6761) fail as an unknown name does, without a DNS query leaving this machine."""
    system_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if str(host).rstrip('.').endswith('.invalid'):
            raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
        return system_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, 'getaddrinfo', getaddrinfo)


@pytest.mark.parametrize(
    'endpoint, code',
    [
        ('https://fc.eu-centrall-1.invalid', 'HostNotFound'),
        ('https://{address}', 'TLSError'),
    ],
)
def test_a_name_that_does_not_resolve_or_a_tls_failure_costs_one_attempt_under_5_seconds(
    emu, monkeypatch, endpoint, code
):
    resolve_no_invalid_names(monkeypatch)
    settings = ConnectionSettings(
        emu.region,
        endpoint=endpoint.format(address=emu.url.split('://', 1)[1]),
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
    )  # default retries
    started = time.monotonic()
    item = ensure_present(FC3Client(settings, environ={}), 'f1', 'LATEST', {'max_async_retry_attempts': 1})
    assert time.monotonic() - started < 5
    assert item.failed and not item.changed and item.error.code == code and item.error.attempts == 1
    assert emu.requests == []


def test_a_refused_connection_costs_three_attempts_at_most(emu):
    settings = ConnectionSettings(
        emu.region, endpoint='http://127.0.0.1:1', access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET
    )  # default retries: 5
    started = time.monotonic()
    item = ensure_present(FC3Client(settings, environ={}), 'f1', 'LATEST', {'max_async_retry_attempts': 1})
    assert time.monotonic() - started < 5
    assert item.failed and item.error.code == 'ConnectionError' and item.error.attempts == 3


def test_a_missing_function_is_an_error_for_present(emu):
    item = ensure_present(client_for(emu), 'nope', 'LATEST', {'max_async_retry_attempts': 1})
    assert item.failed and item.error.code == 'FunctionNotFound'
    assert calls(emu) == [('GET', 'nope', 404)]


# ------------------------------------------------------------------ absent


# Read first: a config that is not there costs no write, so a converged run sends no delete.
@pytest.mark.parametrize(
    'name, changed, expected_calls',
    [
        ('f1', True, [('GET', 'f1', 200), ('DELETE', 'f1', 204)]),
        ('f2', False, [('GET', 'f2', 404)]),
        ('nope', False, [('GET', 'nope', 404)]),
    ],
)
def test_absent(emu, name, changed, expected_calls):
    item = ensure_absent(client_for(emu), name, 'LATEST')
    assert not item.failed, item.msg
    assert item.changed is changed and item.after == {}
    assert calls(emu) == expected_calls
    assert stored(emu, name) is None


@pytest.mark.parametrize('check_mode', [False, True])
def test_absent_on_a_missing_function_warns_that_it_does_not_exist(emu, check_mode):
    item = ensure_absent(client_for(emu), 'nope', 'LATEST', check_mode=check_mode)
    assert not item.failed and not item.changed
    assert item.warnings == [
        "The service says function 'nope' qualifier LATEST does not exist (FunctionNotFound: "
        'function "nope" does not exist), so there is no async invoke config; check the name.'
    ]
    assert calls(emu) == [('GET', 'nope', 404)]


def test_absent_in_check_mode_reads_and_writes_nothing(emu):
    item = ensure_absent(client_for(emu), 'f1', 'LATEST', check_mode=True)
    assert item.changed and item.before['max_async_retry_attempts'] == 2
    assert calls(emu) == [('GET', 'f1', 200)]
    assert stored(emu, 'f1') is not None


def test_a_lost_delete_answer_then_not_found_is_still_a_change(emu):
    emu.add_fault(drop=True, action='DeleteAsyncInvokeConfig')
    item = ensure_absent(client_for(emu), 'f1', 'LATEST')
    assert item.changed and not item.failed
    assert any('most likely deleted it' in warning for warning in item.warnings)
    assert calls(emu) == [('GET', 'f1', 200), ('DELETE', 'f1', 204), ('DELETE', 'f1', 404)]


def test_a_lost_delete_answer_without_retries_is_settled_by_a_read(emu):
    emu.add_fault(drop=True, action='DeleteAsyncInvokeConfig')
    item = ensure_absent(client_for(emu, retries=0), 'f1', 'LATEST')
    assert item.changed and not item.failed
    assert any('shows no config' in warning for warning in item.warnings)
    assert calls(emu) == [('GET', 'f1', 200), ('DELETE', 'f1', 204), ('GET', 'f1', 404)]


# A page that is not the service's JSON may come from a gateway that passed the request on, so the
# outcome of a write answered that way is unknown (changed) rather than refused.
@pytest.mark.parametrize(
    'fault, changed',
    [
        (dict(status=404, code='PathNotFound'), False),
        (dict(status=404, body='<html>Not Found</html>'), True),
    ],
)
def test_an_unknown_404_on_delete_is_not_absent(emu, fault, changed):
    emu.add_fault(action='DeleteAsyncInvokeConfig', count=2, **fault)
    item = ensure_absent(client_for(emu), 'f1', 'LATEST')
    assert item.failed and item.changed is changed
    assert 'endpoint %s' % emu.url in item.msg
    assert stored(emu, 'f1') is not None


def test_a_refused_delete_leaves_the_config(emu):
    emu.add_fault(status=403, code='AccessDenied', action='DeleteAsyncInvokeConfig')
    item = ensure_absent(client_for(emu), 'f1', 'LATEST')
    assert item.failed and not item.changed
    assert 'refused the delete' in item.msg and item.error.code == 'AccessDenied'


# ------------------------------------------------------------------ the returned item


def test_as_dict_of_a_failed_item(emu):
    emu.add_fault(status=404, code='PathNotFound', action='GetAsyncInvokeConfig')
    data = ensure_present(client_for(emu), 'f1', 'LATEST', {}).as_dict(diff=True)
    assert data['failed'] is True and data['error']['code'] == 'PathNotFound' and data['error']['status_code'] == 404
    assert 'async_invoke_config' not in data  # not known
    assert data['diff'] == {'before': {}, 'after': {}}
    assert (data['function_name'], data['qualifier'], data['state'], data['changed']) == (
        'f1',
        'LATEST',
        'present',
        False,
    )
