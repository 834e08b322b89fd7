# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many configs in one task (module_utils/fleet.py): input checks, defaults, purge, failures of single items
and concurrency, against the emulator through the real SDK, with the requests counted from its log."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.client import ConnectionSettings, FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils.fleet import (
    RetryCounter,
    input_problems,
    item_params,
    reconcile_fleet,
)
from ansible_collections.alicloud.fc.plugins.module_utils.retry import RetryPolicy

NEXT = 'acs:fc:cn-hangzhou:1234567890123456:functions/next'
DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'
SETTINGS = ('async_task', 'max_async_event_age_in_seconds', 'max_async_retry_attempts', 'destination_config')


def item(function_name, qualifier='LATEST', state='present', **settings):
    """An item as Ansible hands it over: every suboption present, None when not given."""
    values = dict((name, None) for name in SETTINGS)
    values.update(settings)
    return dict(values, function_name=function_name, qualifier=qualifier, state=state)


def defaults(**settings):
    values = dict((name, None) for name in SETTINGS)
    values.update(settings)
    return values


def client_for(emulator, retries=2, on_retry=None, pool_size=8):
    settings = ConnectionSettings(emulator.region, endpoint=emulator.url, access_key_id='AKIDEXAMPLE',
                                  access_key_secret='SECRETEXAMPLE',
                                  retry_policy=RetryPolicy(retries=retries, timeout=20, base_delay=0.01, max_delay=0.05))
    return FC3Client(settings, on_retry=on_retry, pool_size=pool_size, environ={})


def stored(emulator):
    return dict(((entry['function_name'], entry['qualifier']), entry['config']) for entry in emulator.state()['async_configs'])


def writes(emulator):
    return [r for r in emulator.requests if r['method'] in ('PUT', 'DELETE', 'POST')]


@pytest.fixture(name='fleet_emu')
def _fleet_emu(emulator):
    emulator.seed({'functions': [{'name': 'fn%02d' % number} for number in range(50)]
                   + [{'name': 'multi', 'versions': 2, 'aliases': {'prod': '1'}}, {'name': 'other'}]})
    emulator.clear_requests()
    return emulator


# ------------------------------------------------------------------ input

@pytest.mark.parametrize('configs, expected', [
    ([item('f1', max_async_retry_attempts=9)], 'configs[0].max_async_retry_attempts must be between 0 and 8; got 9'),
    ([item('f1'), item('f2', destination_config={'on_success': {'destination': 'arn:aws:sqs:x'}, 'on_failure': None})],
     'configs[1].destination_config.on_success.destination must be an ARN'),
    ([item('f1'), item('f2'), item('f1')], "configs[2] repeats function 'f1' qualifier LATEST of configs[0]"),
    ([item('f1', qualifier='prod'), item('f1', qualifier='prod', state='absent')], 'configs[1] repeats'),
    ([item('bad name')], 'configs[0].function_name must be'),
])
def test_invalid_items_are_named(configs, expected):
    problems = input_problems(configs, defaults(), 8)
    assert len(problems) == 1 and expected in problems[0], problems


def test_invalid_defaults_and_concurrency_are_named():
    problems = input_problems([item('f1')], defaults(max_async_event_age_in_seconds=0), 65)
    assert problems == ['defaults.max_async_event_age_in_seconds must be between 1 and 604800; got 0',
                        'concurrency must be between 1 and 64; got 65']


def test_defaults_fill_what_an_item_leaves_out_and_destinations_are_replaced_whole():
    base = defaults(max_async_retry_attempts=2, async_task=True,
                    destination_config={'on_success': {'destination': NEXT}, 'on_failure': {'destination': DLQ}})
    merged = item_params(item('f1', max_async_retry_attempts=0, destination_config={'on_failure': {'destination': NEXT}}), base)
    assert merged['max_async_retry_attempts'] == 0 and merged['async_task'] is True
    assert merged['destination_config'] == {'on_failure': {'destination': NEXT}}
    assert item_params(item('f1', destination_config={}), base)['destination_config'] == {}
    assert item_params(item('f1'), base)['destination_config'] == base['destination_config']


# ------------------------------------------------------------------ applying

def test_fifty_functions_are_written_once_each_then_left_alone(fleet_emu):
    configs = [item('fn%02d' % number, max_async_retry_attempts=number % 9) for number in range(50)]
    result = reconcile_fleet(client_for(fleet_emu), configs, defaults(max_async_event_age_in_seconds=600))
    assert result.changed and not result.failures
    assert [r.function_name for r in result.items] == ['fn%02d' % number for number in range(50)]
    state = stored(fleet_emu)
    for number in range(50):
        config = state[('fn%02d' % number, 'LATEST')]
        assert (config['maxAsyncRetryAttempts'], config['maxAsyncEventAgeInSeconds']) == (number % 9, 600)
    assert sorted(r['function_name'] for r in writes(fleet_emu)) == ['fn%02d' % number for number in range(50)]
    assert len(fleet_emu.requests) == 100  # one read and one write each

    fleet_emu.clear_requests()
    again = reconcile_fleet(client_for(fleet_emu), configs, defaults(max_async_event_age_in_seconds=600))
    assert not again.changed and not any(r.changed for r in again.items)
    assert writes(fleet_emu) == [] and len(fleet_emu.requests) == 50


def test_check_mode_writes_nothing_and_predicts_what_the_real_run_returns(fleet_emu):
    configs = [item('fn%02d' % number, max_async_retry_attempts=1) for number in range(10)]
    configs[3] = item('fn03', state='absent')
    fleet_emu.seed({'async_configs': [{'function_name': 'fn03', 'config': {}}, {'function_name': 'fn04', 'config': {}}]})
    fleet_emu.clear_requests()
    predicted = reconcile_fleet(client_for(fleet_emu), configs, defaults(async_task=True), check_mode=True)
    assert writes(fleet_emu) == []
    real = reconcile_fleet(client_for(fleet_emu), configs, defaults(async_task=True))
    for guess, outcome in zip(predicted.items, real.items):
        assert guess.changed == outcome.changed
        for key, value in guess.after.items():
            assert outcome.after[key] == value, (guess.function_name, key)


def test_purge_removes_only_unlisted_qualifiers_of_listed_functions(fleet_emu):
    fleet_emu.seed({'async_configs': [
        {'function_name': 'multi', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 1}},
        {'function_name': 'multi', 'qualifier': '2', 'config': {'maxAsyncRetryAttempts': 1}},
        {'function_name': 'multi', 'qualifier': 'prod', 'config': {'maxAsyncRetryAttempts': 1}},
        {'function_name': 'other', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 1}},
    ]})
    fleet_emu.clear_requests()
    result = reconcile_fleet(client_for(fleet_emu), [item('multi', qualifier='prod', max_async_retry_attempts=1)],
                             defaults(), purge=True)
    assert not result.failures
    assert [(r.function_name, r.qualifier, r.state, r.changed) for r in result.all] == [
        ('multi', 'prod', 'present', False), ('multi', '2', 'absent', True), ('multi', 'LATEST', 'absent', True)]
    assert sorted(stored(fleet_emu)) == [('multi', 'prod'), ('other', 'LATEST')]
    # One list for the function, then only the two deletes.
    assert [(r['method'], r['action']) for r in fleet_emu.requests] == [
        ('GET', 'ListAsyncInvokeConfigs'), ('DELETE', 'DeleteAsyncInvokeConfig'), ('DELETE', 'DeleteAsyncInvokeConfig')]


def test_purge_no_op_costs_one_list_per_function(fleet_emu):
    configs = [item('fn%02d' % number, max_async_retry_attempts=3) for number in range(5)]
    reconcile_fleet(client_for(fleet_emu), configs, defaults(), purge=True)
    fleet_emu.clear_requests()
    result = reconcile_fleet(client_for(fleet_emu), configs, defaults(), purge=True)
    assert not result.changed
    assert [r['action'] for r in fleet_emu.requests] == ['ListAsyncInvokeConfigs'] * 5


def test_failing_items_do_not_stop_the_others(fleet_emu):
    fleet_emu.add_fault(status=429, count=1000, function='fn07')
    configs = [item('fn%02d' % number, max_async_retry_attempts=4) for number in range(10)] + [item('missing')]
    counter = RetryCounter()
    result = reconcile_fleet(client_for(fleet_emu, retries=2, on_retry=counter), configs, defaults())
    failed = [(r.function_name, r.error.code) for r in result.items if r.failed]
    assert failed == [('fn07', 'ResourceThrottled'), ('missing', 'FunctionNotFound')]
    assert sum(1 for r in result.items if r.changed) == 9
    assert len(stored(fleet_emu)) == 9
    message = result.failure_message()
    assert message.startswith('2 of 11 items failed (the other 9 succeeded).')
    assert "configs[7] (function 'fn07', qualifier LATEST)" in message and 'configs[10]' in message
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
    configs = [item('fn%02d' % number, max_async_retry_attempts=1) for number in range(24)]
    reconcile_fleet(client_for(fleet_emu, pool_size=3), configs, defaults(), concurrency=3, check_mode=True)
    assert in_flight[1] == 3


def test_one_client_serves_many_threads_with_every_signature_valid(fleet_emu):
    configs = [item('fn%02d' % number, max_async_retry_attempts=number % 9) for number in range(50)]
    result = reconcile_fleet(client_for(fleet_emu, pool_size=16), configs, defaults(), concurrency=16)
    assert not result.failures
    assert all(r['status'] in (200, 404) for r in fleet_emu.requests)
    for config in result.items:
        assert config.after['max_async_retry_attempts'] == int(config.function_name[2:]) % 9


# ------------------------------------------------------------------ check mode tells the truth

MULTI_CONFIGS = [{'function_name': 'multi', 'qualifier': qualifier, 'config': {'maxAsyncRetryAttempts': 1}}
                 for qualifier in ('LATEST', '2', 'prod')]

# Every kind of item the fleet tests cover, with and without purge: check mode must fail, change or stay
# unchanged exactly where the real run does, item by item.
CHECK_MODE_CASES = {
    'creates, updates and no-ops': ([item('fn00', max_async_retry_attempts=1), item('multi', max_async_retry_attempts=1),
                                     item('multi', qualifier='prod', max_async_retry_attempts=3)], False, None),
    'absent: a config, none, no function': ([item('multi', state='absent'), item('fn01', state='absent'),
                                             item('ghost', state='absent')], False, None),
    'a missing function, version and alias': ([item('ghost', max_async_retry_attempts=1),
                                              item('multi', qualifier='9', max_async_retry_attempts=1),
                                              item('multi', qualifier='staging', max_async_retry_attempts=1)], False, None),
    'purge of unlisted qualifiers': ([item('multi', qualifier='prod', max_async_retry_attempts=1)], True, None),
    'purge on a missing function': ([item('ghost', max_async_retry_attempts=1), item('fn00', max_async_retry_attempts=1)],
                                    True, None),
    'purge with an absent item on a missing function': ([item('ghost', state='absent')], True, None),
    'purge with a missing version and alias': ([item('multi', qualifier='9', max_async_retry_attempts=1),
                                               item('multi', qualifier='staging', max_async_retry_attempts=1),
                                               item('multi', max_async_retry_attempts=1)], True, None),
    'a throttled function': ([item('fn07', max_async_retry_attempts=1), item('fn08', max_async_retry_attempts=1)], False,
                             dict(status=429, count=1000, function='fn07')),
    'a throttled function with purge': ([item('fn07', max_async_retry_attempts=1), item('fn08', max_async_retry_attempts=1)],
                                        True, dict(status=429, count=1000, function='fn07')),
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
    predicted = reconcile_fleet(client_for(fleet_emu), configs, defaults(), purge=purge, check_mode=True)
    assert writes(fleet_emu) == []
    real = reconcile_fleet(client_for(fleet_emu), configs, defaults(), purge=purge)
    assert outcome(predicted) == outcome(real)
    assert bool(predicted.failures) == bool(real.failures) and predicted.changed == real.changed


def test_purge_on_a_missing_function_fails_its_present_item_in_check_mode_too(fleet_emu):
    for check_mode in (True, False):
        result = reconcile_fleet(client_for(fleet_emu), [item('ghost', max_async_retry_attempts=1)], defaults(), purge=True,
                                 check_mode=check_mode)
        assert [(r.failed, r.changed, r.error.code) for r in result.items] == [(True, False, 'FunctionNotFound')]
        assert result.items[0].diff() == {'before': {}, 'after': {}}
    assert writes(fleet_emu) == []


def test_purge_with_an_absent_item_on_a_missing_function_warns(fleet_emu):
    result = reconcile_fleet(client_for(fleet_emu), [item('ghost', state='absent')], defaults(), purge=True)
    assert not result.failures and not result.changed
    assert result.warnings == ["configs[0] (function 'ghost', qualifier LATEST): The service says function 'ghost' does not "
                               "exist (FunctionNotFound: function \"ghost\" does not exist), so there is no async invoke "
                               "config; check the name."]
