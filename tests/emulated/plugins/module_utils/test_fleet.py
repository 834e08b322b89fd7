# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_fleet.py, many configs in one task, against the emulator through the real SDK: purge, check mode, failures of
single items, concurrency, reading the region by the page, one write at a time per function and the destination
check, with the requests counted from its log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import threading

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils import _fleet
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import (
    delete_async_invoke_config,
    put_async_invoke_config,
)
from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._destinations import DestinationCheck
from ansible_collections.alicloud.fc.plugins.module_utils._rate_limiter import AdaptiveRateLimiter
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


# ------------------------------------------------------------------ reading the region by the page


def comparable(result):
    """A task's results and warnings without what differs between two runs of it: times and request ids."""

    def clean(value):
        if isinstance(value, dict):
            return dict(
                (key, clean(item))
                for key, item in value.items()
                if key not in ('created_time', 'last_modified_time', 'request_id')
            )
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, str):
            return re.sub(r'request id: [^,)]+', 'request id: X', value)
        return value

    return clean([entry.as_dict(diff=True) for entry in result.all]), clean(result.warnings)


def seed_fleet(emulator):
    emulator.reset()
    emulator.seed(
        {
            'functions': [{'name': 'fn%02d' % number} for number in range(50)]
            + [{'name': 'multi', 'versions': 2, 'aliases': {'prod': '1'}}, {'name': 'other'}],
            'async_configs': MULTI_CONFIGS,
        }
    )


@pytest.mark.parametrize('check_mode', [True, False])
@pytest.mark.parametrize('case', sorted(CHECK_MODE_CASES))
def test_pages_give_exactly_what_per_item_reads_give(fleet_emu, case, check_mode):
    configs, purge, fault = CHECK_MODE_CASES[case]
    runs = []
    for page_limit in (0, 10):
        seed_fleet(fleet_emu)
        if fault:
            fleet_emu.add_fault(**fault)
        result = reconcile_fleet(
            client_for(fleet_emu), configs, fleet_defaults(), purge=purge, check_mode=check_mode, page_limit=page_limit
        )
        state = dict(
            (key, dict((field, value) for field, value in config.items() if not field.endswith('Time')))
            for key, config in stored(fleet_emu).items()
        )
        runs.append((comparable(result), state, result.summary))
        pages = [
            r
            for r in fleet_emu.requests
            if r['action'] == 'ListAsyncInvokeConfigs' and not r['query'].get('functionName')
        ]
        assert len(pages) == (1 if page_limit else 0)
    assert runs[0] == runs[1]


def seed_region(emulator, count, configured=None, prefix='g'):
    """``count`` functions, the first ``configured`` of them (default: all) with a config of 1 retry."""
    names = ['%s%04d' % (prefix, number) for number in range(count)]
    emulator.seed(
        {
            'functions': [{'name': name} for name in names],
            'async_configs': [
                {'function_name': name, 'config': {'maxAsyncRetryAttempts': 1}}
                for name in names[: count if configured is None else configured]
            ],
        }
    )
    emulator.clear_requests()
    return names


def test_a_large_no_op_costs_its_pages_and_a_read_only_for_what_they_do_not_hold(emulator):
    names = seed_region(emulator, 160, configured=150)
    configs = (
        [fleet_item(name, max_async_retry_attempts=1) for name in names[:150]]
        + [fleet_item(name, state='absent') for name in names[150:155]]
        + [fleet_item('ghost', state='absent'), fleet_item(names[155], max_async_retry_attempts=2)]
    )
    predicted = reconcile_fleet(client_for(emulator), configs, fleet_defaults(), check_mode=True)
    # Two pages for 150 configs; the absent items and the create are read one by one, as without pages.
    assert [r['action'] for r in emulator.requests].count('ListAsyncInvokeConfigs') == 2
    assert len(emulator.requests) == 2 + 7 and writes(emulator) == []
    assert predicted.summary == {'created': 1, 'updated': 0, 'deleted': 0, 'unchanged': 156, 'failed': 0}
    assert predicted.warnings == [
        "configs[155] (function 'ghost' qualifier LATEST): The service says function 'ghost' qualifier LATEST "
        'does not exist (FunctionNotFound: function "ghost" does not exist), so there is no async invoke '
        'config; check the name.'
    ]

    emulator.clear_requests()
    real = reconcile_fleet(client_for(emulator), configs, fleet_defaults())
    assert [(r.changed, r.failed) for r in real.items] == [(r.changed, r.failed) for r in predicted.items]
    assert real.warnings == predicted.warnings and real.summary == predicted.summary
    assert [(r['action'], r['function_name']) for r in writes(emulator)] == [('PutAsyncInvokeConfig', names[155])]

    # A converged rerun, absent items included, sends no write.
    emulator.clear_requests()
    again = reconcile_fleet(client_for(emulator), configs, fleet_defaults())
    assert again.summary == {'created': 0, 'updated': 0, 'deleted': 0, 'unchanged': 157, 'failed': 0}
    assert writes(emulator) == [] and len(emulator.requests) == 2 + 6


def test_a_small_task_in_a_large_region_reads_per_item(emulator):
    names = seed_region(emulator, 3000)
    configs = [fleet_item(name, max_async_retry_attempts=1) for name in names[::600]]
    result = reconcile_fleet(client_for(emulator), configs, fleet_defaults())
    assert result.summary['unchanged'] == 5
    assert [r['action'] for r in emulator.requests] == ['GetAsyncInvokeConfig'] * 5


def test_paging_stops_at_its_budget_and_reads_the_rest_per_item(emulator):
    # 125 items spread over a region of 1,000 configs read 10 a page: the budget (62 pages, 620 configs)
    # runs out, and the items beyond it are read one by one: never more than 1.5 reads per item.
    names = seed_region(emulator, 1000)
    configs = [
        fleet_item(name, max_async_retry_attempts=1 if number % 2 else 2) for number, name in enumerate(names[::8])
    ]
    result = reconcile_fleet(client_for(emulator), configs, fleet_defaults(), check_mode=True, page_size=10)
    pages = [r for r in emulator.requests if r['action'] == 'ListAsyncInvokeConfigs']
    reads = [r for r in emulator.requests if r['action'] == 'GetAsyncInvokeConfig']
    assert len(pages) == 62
    assert sorted(r['function_name'] for r in reads) == [name for name in names[::8] if name >= names[620]]
    assert len(emulator.requests) <= 1.5 * len(configs)
    emulator.clear_requests()
    unpaged = reconcile_fleet(client_for(emulator), configs, fleet_defaults(), check_mode=True, page_limit=0)
    assert comparable(result) == comparable(unpaged)


def test_purge_reads_the_region_by_the_page(emulator):
    names = seed_region(emulator, 100, prefix='p')
    emulator.seed(
        {
            'functions': [{'name': 'pv%d' % number, 'versions': 1} for number in range(3)],
            'async_configs': [
                {'function_name': 'pv%d' % number, 'qualifier': qualifier, 'config': {'maxAsyncRetryAttempts': 1}}
                for number in range(3)
                for qualifier in ('LATEST', '1')
            ],
        }
    )
    configs = [fleet_item(name, max_async_retry_attempts=1) for name in names + ['pv0', 'pv1', 'pv2']] + [
        fleet_item('ghost', state='absent')
    ]
    predicted = reconcile_fleet(client_for(emulator), configs, fleet_defaults(), purge=True, check_mode=True)
    emulator.clear_requests()
    result = reconcile_fleet(client_for(emulator), configs, fleet_defaults(), purge=True)
    # Two pages hold every config; the function they do not list is listed on its own (it does not exist).
    assert [(r['action'], r['function_name'], r['status']) for r in emulator.requests if r['method'] == 'GET'] == [
        ('ListAsyncInvokeConfigs', None, 200),
        ('ListAsyncInvokeConfigs', None, 200),
        ('ListAsyncInvokeConfigs', None, 404),
    ]
    assert sorted((r['function_name'], r['query']['qualifier']) for r in writes(emulator)) == [
        ('pv0', '1'),
        ('pv1', '1'),
        ('pv2', '1'),
    ]
    assert (
        result.summary == predicted.summary == {'created': 0, 'updated': 0, 'deleted': 3, 'unchanged': 104, 'failed': 0}
    )
    assert [w for w in result.warnings if 'ghost' in w] and result.warnings == predicted.warnings


def test_a_config_changed_between_the_page_and_the_write_gets_no_untrue_result(emulator, monkeypatch):
    names = seed_region(emulator, 120)
    emulator.seed({'async_configs': [{'function_name': names[1], 'config': {'maxAsyncEventAgeInSeconds': 600}}]})
    real_read = _fleet.read_region_pages

    def read_then_someone_else_writes(*args, **kwargs):
        pages = real_read(*args, **kwargs)
        other = client_for(emulator)
        # names[0]: set to what the task wants; names[1]: another setting changed; names[2]: deleted.
        put_async_invoke_config(other, names[0], 'LATEST', {'maxAsyncRetryAttempts': 2})
        put_async_invoke_config(other, names[1], 'LATEST', {'maxAsyncEventAgeInSeconds': 900})
        delete_async_invoke_config(other, names[2], 'LATEST')
        emulator.clear_requests()
        return pages

    monkeypatch.setattr(_fleet, 'read_region_pages', read_then_someone_else_writes)
    configs = [fleet_item(names[0], max_async_retry_attempts=2), fleet_item(names[1], max_async_retry_attempts=2)]
    configs += [fleet_item(names[2], state='absent')] + [
        fleet_item(name, max_async_retry_attempts=1) for name in names[3:]
    ]
    result = reconcile_fleet(client_for(emulator), configs, fleet_defaults())
    first, second, third = result.items[:3]
    # Already as wanted when it was read again: no write, no change.
    assert not first.changed and first.before['max_async_retry_attempts'] == 2
    # Read again before the write: the other change is kept, and shown as before.
    assert second.changed and second.before['max_async_event_age_in_seconds'] == 900
    assert (
        second.after['max_async_event_age_in_seconds']
        == 900
        == stored(emulator)[(names[1], 'LATEST')]['maxAsyncEventAgeInSeconds']
    )
    # Gone when the delete came: the service's not-found, so no change.
    assert not third.changed and third.diff() == {'before': {}, 'after': {}}
    assert sorted((r['method'], r['function_name']) for r in writes(emulator)) == [
        ('DELETE', names[2]),
        ('PUT', names[1]),
    ]
    assert result.summary == {'created': 0, 'updated': 1, 'deleted': 0, 'unchanged': 119, 'failed': 0}


# ------------------------------------------------------------------ one write at a time per function


def test_writes_to_one_function_are_serialised_and_no_item_fails(fleet_emu):
    fleet_emu.set_write_conflicts(0.05)
    configs = [fleet_item('multi', qualifier=q, max_async_retry_attempts=2) for q in ('LATEST', '1', '2', 'prod')]
    configs += [fleet_item('fn%02d' % number, max_async_retry_attempts=2) for number in range(4)]
    result = reconcile_fleet(client_for(fleet_emu, retries=0), configs, fleet_defaults(), concurrency=8)
    assert not result.failures and result.summary['created'] == 8
    assert [r for r in fleet_emu.requests if r['status'] == 409] == []
    # Items of different functions still went in parallel: five functions' writes, not eight, one after the other.
    started = [r['time'] for r in writes(fleet_emu)]
    assert max(started) - min(started) < 7 * 0.05


def test_a_concurrent_update_conflict_is_retried_and_the_item_applied(fleet_emu):
    fleet_emu.add_fault(status=409, code='ConcurrentUpdateError', count=2, action='PutAsyncInvokeConfig')
    # Paced as the module's client is: refused unprocessed, the write is sent again in its turn, retries or not.
    client = client_for(fleet_emu, retries=0)
    client.rate_limiter = AdaptiveRateLimiter(20)
    result = reconcile_fleet(client, [fleet_item('fn00', max_async_retry_attempts=2)], fleet_defaults())
    assert not result.failures and result.items[0].changed
    assert [r['status'] for r in writes(fleet_emu)] == [409, 409, 200]
    assert stored(fleet_emu)[('fn00', 'LATEST')]['maxAsyncRetryAttempts'] == 2


# ------------------------------------------------------------------ destinations


def test_each_function_destination_is_looked_up_once_per_task_and_only_for_writes(fleet_emu):
    arn = 'acs:fc:%s:%s:functions/%%s' % (fleet_emu.region, fleet_emu.account_id)
    configs = [
        fleet_item('fn%02d' % number, destination_config={'on_failure': {'destination': arn % 'nope'}})
        for number in range(6)
    ] + [
        fleet_item('fn10', destination_config={'on_success': {'destination': arn % 'fn01'}}),
        fleet_item('fn11', destination_config={'on_success': {'destination': arn % 'multi/staging'}}),
        fleet_item('fn12', destination_config={'on_success': {'destination': 'acs:fc:cn-hangzhou:1:function/x'}}),
        fleet_item('fn13', destination_config={'on_success': {'destination': 'acs:fc:eu-central-1:1:functions/y'}}),
        fleet_item(
            'fn14', destination_config={'on_failure': {'destination': 'acs:mns:cn-hangzhou:1:/queues/q/messages'}}
        ),
    ]
    for check_mode in (True, False):
        fleet_emu.clear_requests()
        check = DestinationCheck(client_for(fleet_emu), fleet_emu.region)
        result = reconcile_fleet(
            client_for(fleet_emu), configs, fleet_defaults(), check_mode=check_mode, check_destinations=check
        )
        assert not result.failures
        lookups = sorted(
            (r['function_name'], r['query'].get('qualifier'))
            for r in fleet_emu.requests
            if r['action'] == 'GetFunction'
        )
        assert lookups == [('fn01', None), ('multi', 'staging'), ('nope', None)]
        assert len(check.warnings) == 3 and check.warnings == result.warnings
        assert "function 'nope' does not exist" in check.warnings[0] + check.warnings[1] + check.warnings[2]
        assert any("function 'multi' qualifier staging does not exist" in w for w in check.warnings)
        assert any('function/x is a Function Compute ARN that names no function' in w for w in check.warnings)
    fleet_emu.clear_requests()
    check = DestinationCheck(client_for(fleet_emu), fleet_emu.region)
    again = reconcile_fleet(client_for(fleet_emu), configs, fleet_defaults(), check_destinations=check)
    assert not again.changed and check.lookups == 0 and again.warnings == []
