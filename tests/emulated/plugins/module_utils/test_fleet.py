# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_fleet.py, many configs in one task, against the emulator through the real SDK: purge, check mode, failures of
single items and concurrency, with the requests counted from its log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._fleet import (
    RetryCounter,
    reconcile_fleet,
)
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy

from module_inputs import fleet_defaults, fleet_item


def client_for(emulator, retries=2, on_retry=None, pool_size=8):
    settings = ConnectionSettings(
        emulator.region,
        endpoint=emulator.url,
        access_key_id='AKIDEXAMPLE',
        access_key_secret='SECRETEXAMPLE',
        retry_policy=RetryPolicy(retries=retries, timeout=20, base_delay=0.01, max_delay=0.05),
    )
    return FC3Client(settings, on_retry=on_retry, pool_size=pool_size, environ={})


def stored(emulator):
    return dict(
        ((entry['function_name'], entry['qualifier']), entry['config']) for entry in emulator.state()['async_configs']
    )


def writes(emulator):
    return [r for r in emulator.requests if r['method'] in ('PUT', 'DELETE', 'POST')]


@pytest.fixture(name='fleet_emu')
def _fleet_emu(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'fn%02d' % number} for number in range(50)]
            + [{'name': 'multi', 'versions': 2, 'aliases': {'prod': '1'}}, {'name': 'other'}]
        }
    )
    emulator.clear_requests()
    return emulator


def test_fifty_functions_are_written_once_each_then_left_alone(fleet_emu):
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=number % 9) for number in range(50)]
    result = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(max_async_event_age_in_seconds=600))
    assert result.changed and not result.failures
    assert [r.function_name for r in result.items] == ['fn%02d' % number for number in range(50)]
    state = stored(fleet_emu)
    for number in range(50):
        config = state[('fn%02d' % number, 'LATEST')]
        assert (config['maxAsyncRetryAttempts'], config['maxAsyncEventAgeInSeconds']) == (number % 9, 600)
    assert sorted(r['function_name'] for r in writes(fleet_emu)) == ['fn%02d' % number for number in range(50)]
    assert len(fleet_emu.requests) == 100  # one read and one write each

    fleet_emu.clear_requests()
    again = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(max_async_event_age_in_seconds=600))
    assert not again.changed and not any(r.changed for r in again.items)
    assert writes(fleet_emu) == [] and len(fleet_emu.requests) == 50


def test_check_mode_writes_nothing_and_predicts_what_the_real_run_returns(fleet_emu):
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=1) for number in range(10)]
    configs[3] = fleet_item('fn03', state='absent')
    fleet_emu.seed(
        {'async_configs': [{'function_name': 'fn03', 'config': {}}, {'function_name': 'fn04', 'config': {}}]}
    )
    fleet_emu.clear_requests()
    predicted = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(async_task=True), check_mode=True)
    assert writes(fleet_emu) == []
    real = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(async_task=True))
    for guess, outcome in zip(predicted.items, real.items):
        assert guess.changed == outcome.changed
        for key, value in guess.after.items():
            assert outcome.after[key] == value, (guess.function_name, key)


def test_purge_removes_only_unlisted_qualifiers_of_listed_functions(fleet_emu):
    fleet_emu.seed(
        {
            'async_configs': [
                {'function_name': 'multi', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 1}},
                {'function_name': 'multi', 'qualifier': '2', 'config': {'maxAsyncRetryAttempts': 1}},
                {'function_name': 'multi', 'qualifier': 'prod', 'config': {'maxAsyncRetryAttempts': 1}},
                {'function_name': 'other', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 1}},
            ]
        }
    )
    fleet_emu.clear_requests()
    result = reconcile_fleet(
        client_for(fleet_emu),
        [fleet_item('multi', qualifier='prod', max_async_retry_attempts=1)],
        fleet_defaults(),
        purge=True,
    )
    assert not result.failures
    assert [(r.function_name, r.qualifier, r.state, r.changed) for r in result.all] == [
        ('multi', 'prod', 'present', False),
        ('multi', '2', 'absent', True),
        ('multi', 'LATEST', 'absent', True),
    ]
    assert sorted(stored(fleet_emu)) == [('multi', 'prod'), ('other', 'LATEST')]
    # One list for the function, then only the two deletes.
    assert [(r['method'], r['action']) for r in fleet_emu.requests] == [
        ('GET', 'ListAsyncInvokeConfigs'),
        ('DELETE', 'DeleteAsyncInvokeConfig'),
        ('DELETE', 'DeleteAsyncInvokeConfig'),
    ]


def test_purge_no_op_costs_one_list_per_function(fleet_emu):
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=3) for number in range(5)]
    reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(), purge=True)
    fleet_emu.clear_requests()
    result = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(), purge=True)
    assert not result.changed
    assert [r['action'] for r in fleet_emu.requests] == ['ListAsyncInvokeConfigs'] * 5


def test_failing_items_do_not_stop_the_others(fleet_emu):
    fleet_emu.add_fault(status=429, count=1000, function='fn07')
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=4) for number in range(10)] + [
        fleet_item('missing')
    ]
    counter = RetryCounter()
    result = reconcile_fleet(client_for(fleet_emu, retries=2, on_retry=counter), configs, fleet_defaults())
    failed = [(r.function_name, r.error.code) for r in result.items if r.failed]
    assert failed == [('fn07', 'ResourceThrottled'), ('missing', 'FunctionNotFound')]
    assert sum(1 for r in result.items if r.changed) == 9
    assert len(stored(fleet_emu)) == 9
    message = result.failure_message()
    assert message.startswith('2 of 11 items failed (the other 9 succeeded).')
    assert "configs[7] (function 'fn07' qualifier LATEST)" in message and 'configs[10]' in message
    assert counter.by_code == {'ResourceThrottled': 2}
    assert 'Requests were retried: 2 after ResourceThrottled.' == counter.summary()
    # The throttled item ended within its retry bound: its first attempt and two retries.
    assert sum(1 for r in fleet_emu.requests if r['function_name'] == 'fn07') == 3


def test_requests_in_flight_never_exceed_the_concurrency(fleet_emu):
    in_flight = [0, 0]
    lock = threading.Lock()
    # A short hang on every read makes requests overlap; the emulator records them as they arrive.
    fleet_emu.add_fault(hang=0.05, count=1000, action='GetAsyncInvokeConfig')
    original = fleet_emu.handle

    def counting(*args, **kwargs):
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                in_flight[0] -= 1

    fleet_emu.handle = counting
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=1) for number in range(24)]
    reconcile_fleet(client_for(fleet_emu, pool_size=3), configs, fleet_defaults(), concurrency=3, check_mode=True)
    assert in_flight[1] == 3


def test_one_client_serves_many_threads_with_every_signature_valid(fleet_emu):
    configs = [fleet_item('fn%02d' % number, max_async_retry_attempts=number % 9) for number in range(50)]
    result = reconcile_fleet(client_for(fleet_emu, pool_size=16), configs, fleet_defaults(), concurrency=16)
    assert not result.failures
    assert all(r['status'] in (200, 404) for r in fleet_emu.requests)
    for config in result.items:
        assert config.after['max_async_retry_attempts'] == int(config.function_name[2:]) % 9


MULTI_CONFIGS = [
    {'function_name': 'multi', 'qualifier': qualifier, 'config': {'maxAsyncRetryAttempts': 1}}
    for qualifier in ('LATEST', '2', 'prod')
]


# Every kind of item the fleet tests cover, with and without purge: check mode must fail, change or stay
# unchanged exactly where the real run does, item by item.
CHECK_MODE_CASES = {
    'creates, updates and no-ops': (
        [
            fleet_item('fn00', max_async_retry_attempts=1),
            fleet_item('multi', max_async_retry_attempts=1),
            fleet_item('multi', qualifier='prod', max_async_retry_attempts=3),
        ],
        False,
        None,
    ),
    'absent: a config, none, no function': (
        [fleet_item('multi', state='absent'), fleet_item('fn01', state='absent'), fleet_item('ghost', state='absent')],
        False,
        None,
    ),
    'a missing function, version and alias': (
        [
            fleet_item('ghost', max_async_retry_attempts=1),
            fleet_item('multi', qualifier='9', max_async_retry_attempts=1),
            fleet_item('multi', qualifier='staging', max_async_retry_attempts=1),
        ],
        False,
        None,
    ),
    'purge of unlisted qualifiers': ([fleet_item('multi', qualifier='prod', max_async_retry_attempts=1)], True, None),
    'purge on a missing function': (
        [fleet_item('ghost', max_async_retry_attempts=1), fleet_item('fn00', max_async_retry_attempts=1)],
        True,
        None,
    ),
    'purge with an absent item on a missing function': ([fleet_item('ghost', state='absent')], True, None),
    'purge with a missing version and alias': (
        [
            fleet_item('multi', qualifier='9', max_async_retry_attempts=1),
            fleet_item('multi', qualifier='staging', max_async_retry_attempts=1),
            fleet_item('multi', max_async_retry_attempts=1),
        ],
        True,
        None,
    ),
    'a throttled function': (
        [fleet_item('fn07', max_async_retry_attempts=1), fleet_item('fn08', max_async_retry_attempts=1)],
        False,
        dict(status=429, count=1000, function='fn07'),
    ),
    'a throttled function with purge': (
        [fleet_item('fn07', max_async_retry_attempts=1), fleet_item('fn08', max_async_retry_attempts=1)],
        True,
        dict(status=429, count=1000, function='fn07'),
    ),
}


def outcome(result):
    return [(r.function_name, r.qualifier, r.state, r.failed, r.changed) for r in result.all]


@pytest.mark.parametrize('case', sorted(CHECK_MODE_CASES))
def test_check_mode_fails_and_changes_exactly_where_the_real_run_does(fleet_emu, case):
    configs, purge, fault = CHECK_MODE_CASES[case]
    fleet_emu.seed({'async_configs': MULTI_CONFIGS})
    if fault:
        fleet_emu.add_fault(**fault)
    fleet_emu.clear_requests()
    predicted = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(), purge=purge, check_mode=True)
    assert writes(fleet_emu) == []
    real = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(), purge=purge)
    assert outcome(predicted) == outcome(real)
    assert bool(predicted.failures) == bool(real.failures) and predicted.changed == real.changed


def test_purge_on_a_missing_function_fails_its_present_item_in_check_mode_too(fleet_emu):
    for check_mode in (True, False):
        result = reconcile_fleet(
            client_for(fleet_emu),
            [fleet_item('ghost', max_async_retry_attempts=1)],
            fleet_defaults(),
            purge=True,
            check_mode=check_mode,
        )
        assert [(r.failed, r.changed, r.error.code) for r in result.items] == [(True, False, 'FunctionNotFound')]
        assert result.items[0].diff() == {'before': {}, 'after': {}}
    assert writes(fleet_emu) == []


def test_purge_with_an_absent_item_on_a_missing_function_warns(fleet_emu):
    result = reconcile_fleet(client_for(fleet_emu), [fleet_item('ghost', state='absent')], fleet_defaults(), purge=True)
    assert not result.failures and not result.changed
    assert result.warnings == [
        "configs[0] (function 'ghost' qualifier LATEST): The service says function 'ghost' does not "
        "exist (FunctionNotFound: function \"ghost\" does not exist), so there is no async invoke "
        "config; check the name."
    ]
