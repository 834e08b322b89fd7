# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fcv3_async_invoke_configs through ansible-playbook: a fleet in one task, as a user runs it. Outcomes are
checked in the registered result, the output and the emulator's store and request log.

The module's walk (create, update, purge, check mode, an invalid item, a missing function) is the ansible-test
target fcv3_async_invoke_configs; what each item returns and sends is owned by
tests/emulated/plugins/modules/test_fcv3_async_invoke_configs.py and tests/emulated/plugins/module_utils/test_fleet.py.
Here: what only a module process shows (its diff on the console, its pacing over seconds, secrets in the output)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time

import pytest

from harness import ACCESS_KEY_SECRET, result_of, run_playbook, task_playbook

FLEET = 'alicloud.fc.fcv3_async_invoke_configs'
INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed({'functions': [{'name': 'fn%02d' % number} for number in range(50)]})
    emulator.clear_requests()
    return emulator


def stored(emulator):
    return dict(
        ((entry['function_name'], entry['qualifier']), entry['config']) for entry in emulator.state()['async_configs']
    )


def writes(emulator):
    return [r for r in emulator.requests if r['method'] in ('PUT', 'DELETE')]


def test_a_missing_function_and_a_throttled_one_do_not_stop_the_others(emu, tmp_path):
    emu.add_fault(status=429, count=1000, function='fn04')
    configs = [{'function_name': 'fn%02d' % number} for number in range(8)] + [{'function_name': 'ghost'}]
    # Throttled requests are sent again, whatever the retries, until no request of the task has been answered
    # for retry_timeout: fn04 fails 3 s after the last of the others succeeded.
    task = {FLEET: {'configs': configs, 'defaults': {'max_async_retry_attempts': 5}, 'retries': 1, 'retry_timeout': 3}}
    result = run_playbook(tmp_path, task_playbook(emu, task))
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True
    assert outcome['msg'].startswith('2 of 9 items failed (the other 7 succeeded).')
    assert "configs[4] (function 'fn04' qualifier LATEST)" in outcome['msg'] and 'ResourceThrottled' in outcome['msg']
    assert "configs[8] (function 'ghost' qualifier LATEST)" in outcome['msg'] and 'FunctionNotFound' in outcome['msg']
    by_name = dict((entry['function_name'], entry) for entry in outcome['results'])
    assert by_name['fn04']['failed'] is True and by_name['fn04']['error']['code'] == 'ResourceThrottled'
    assert by_name['ghost']['failed'] is True and by_name['ghost']['error']['status_code'] == 404
    assert sorted(stored(emu)) == [('fn%02d' % number, 'LATEST') for number in range(8) if number != 4]
    assert all(by_name['fn%02d' % number]['changed'] for number in range(8) if number != 4)
    throttled = [r for r in emu.requests if r['status'] == 429]
    assert len(throttled) > 2 and set(r['function_name'] for r in throttled) == {'fn04'}
    last_success = max(r['time'] for r in emu.requests if r['status'] != 429)
    # Sent again after the others were done, at the paced rate, until the task had made no progress for 3 s.
    assert 1.0 < max(r['time'] for r in throttled) - last_success < 3.5
    assert (
        'The service throttled %d of the %d requests this task sent (ResourceThrottled)'
        % (len(throttled), len(emu.requests))
    ) in outcome['warnings'][0]


def test_diff_mode_shows_one_diff_per_changed_item(emu, tmp_path):
    emu.seed(
        {
            'async_configs': [
                {'function_name': 'fn01', 'config': {'maxAsyncRetryAttempts': 2}},
                {'function_name': 'fn02', 'config': {'maxAsyncRetryAttempts': 2}},
            ]
        }
    )
    task = {
        FLEET: {
            'configs': [
                {'function_name': 'fn01'},
                {'function_name': 'fn02', 'max_async_retry_attempts': 6},
                {'function_name': 'fn03', 'state': 'absent'},
            ],
            'defaults': {'max_async_retry_attempts': 2},
        }
    }
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['--diff', '--check'])
    outcome = result_of(result, tmp_path)
    assert [entry['changed'] for entry in outcome['results']] == [False, True, False]
    assert len(outcome['diff']) == 1
    assert outcome['results'][1]['diff']['before']['max_async_retry_attempts'] == 2
    assert outcome['results'][1]['diff']['after']['max_async_retry_attempts'] == 6
    assert '--- before: fn02:LATEST' in result.stdout and '+++ after: fn02:LATEST' in result.stdout, result.stdout
    assert '-    "max_async_retry_attempts": 2,' in result.stdout
    assert '+    "max_async_retry_attempts": 6,' in result.stdout
    assert 'fn01:LATEST' not in result.stdout
    assert writes(emu) == []


# What ansible-core prints at -vvvv and how it masks a no_log option: every lane.
@pytest.mark.every_lane
def test_no_secret_in_any_output_at_any_verbosity(emu, tmp_path):
    task = {
        FLEET: {
            'configs': [{'function_name': 'fn00', 'max_async_retry_attempts': 1}, {'function_name': 'ghost'}],
            'access_key_secret': ACCESS_KEY_SECRET,
        }
    }
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvvv', '--diff'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True  # ghost does not exist: the failure path is shown too
    assert ACCESS_KEY_SECRET not in result.stdout
    assert ACCESS_KEY_SECRET not in (tmp_path / 'result.json').read_text()
    assert '"access_key_secret": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in result.stdout


# Templating a list of dicts into an option (ansible-core 2.19 changed templating and its warnings): every lane.
@pytest.mark.every_lane
def test_copying_every_config_with_builtin_filters_round_trips_without_warnings(emu, tmp_path):
    emu.seed(
        {
            'async_configs': [
                {
                    'function_name': 'fn01',
                    'config': {'maxAsyncRetryAttempts': 4, 'destinationConfig': {'onFailure': {'destination': DLQ}}},
                },
                {'function_name': 'fn02', 'config': {'asyncTask': True}},
            ]
        }
    )
    copy = (
        "{{ found.async_invoke_configs | map('dict2items')"
        " | map('rejectattr', 'key', 'in', ['function_arn', 'created_time', 'last_modified_time'])"
        " | map('list') | map('items2dict') | list }}"
    )
    play = json.loads(task_playbook(emu, {FLEET: {'configs': copy}}))
    play[0]['tasks'].insert(0, {'name': 'Read every config', INFO: {}, 'register': 'found'})
    result = run_playbook(tmp_path, json.dumps(play))
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome.get('msg')
    assert outcome['changed'] is False and len(outcome['results']) == 2  # the same configs: nothing to write
    assert writes(emu) == []
    assert '[WARNING]' not in result.stdout


# ---------------------------------------------------------------------- at the service's rate limit


def answered(emulator):
    return [r for r in emulator.requests if r['status'] != 429]


def throttled_share(emulator):
    return sum(1 for r in emulator.requests if r['status'] == 429) / float(len(emulator.requests))


@pytest.mark.pacing
def test_300_creates_at_10_requests_per_second_lose_nothing_and_stay_near_the_limit(make_emulator, tmp_path):
    emu = make_emulator(rate_limit=10, burst=10)
    emu.seed({'functions': [{'name': 'f%03d' % number} for number in range(300)]})
    configs = [
        {
            'function_name': 'f%03d' % number,
            'max_async_retry_attempts': number % 9,
            'max_async_event_age_in_seconds': 60 + number,
        }
        for number in range(300)
    ]
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, {FLEET: {'configs': configs}})), tmp_path)
    assert outcome.get('failed') is not True, outcome.get('msg')
    assert all(entry['changed'] for entry in outcome['results'])
    state = stored(emu)
    assert len(state) == 300
    for number in range(300):
        config = state[('f%03d' % number, 'LATEST')]
        assert (config['maxAsyncRetryAttempts'], config['maxAsyncEventAgeInSeconds']) == (number % 9, 60 + number)
    # Against what the limit allows for the requests the service answered: the burst at once, then 10 a second.
    ok = answered(emu)
    allowed = (len(ok) - 10) / 10.0
    took = ok[-1]['time'] - emu.requests[0]['time']
    share = throttled_share(emu)
    assert took <= 1.15 * allowed, (took, allowed)
    assert share <= 0.10, share
    warning = [w for w in outcome['warnings'] if w.startswith('The service throttled')]
    assert warning and 'requests per second' in warning[0], outcome.get('warnings')


@pytest.mark.pacing
def test_20_items_at_1_request_per_second_are_all_applied(make_emulator, tmp_path):
    emu = make_emulator(rate_limit=1, burst=1)
    # Two functions with ten qualifiers each, listed once per function (purge): 22 requests, about 21 s.
    emu.seed({'functions': [{'name': 'slow%d' % number, 'versions': 9} for number in range(2)]})
    configs = [
        {'function_name': 'slow%d' % number, 'qualifier': qualifier, 'max_async_retry_attempts': 1}
        for number in range(2)
        for qualifier in ['LATEST'] + [str(version) for version in range(1, 10)]
    ]
    task = {FLEET: {'configs': configs, 'purge': True}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task)), tmp_path)
    assert outcome.get('failed') is not True, outcome.get('msg')
    assert [entry['changed'] for entry in outcome['results']] == [True] * 20
    assert sorted(stored(emu)) == sorted((item['function_name'], item['qualifier']) for item in configs)
    assert all(config['maxAsyncRetryAttempts'] == 1 for config in stored(emu).values())


def test_a_service_that_throttles_everything_fails_the_task_in_bounded_time(emu, tmp_path):
    emu.add_fault(status=429, count=100000, code='TooManyRequests')
    configs = [{'function_name': 'fn%02d' % number, 'max_async_retry_attempts': 1} for number in range(20)]
    task = {FLEET: {'configs': configs, 'retry_timeout': 3}}
    started = time.monotonic()
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task)), tmp_path)
    assert time.monotonic() - started < 20
    assert outcome['failed'] is True and outcome['changed'] is False
    assert outcome['msg'].startswith('All 20 items failed.')
    codes = set()
    for entry in outcome['results']:
        assert entry['failed'] is True and entry['changed'] is False
        codes.add(entry['error']['code'])
    assert codes <= {'TooManyRequests', 'NotAttempted'} and 'NotAttempted' in codes
    assert stored(emu) == {} and writes(emu) == []
    # Paced down while it lasted: far fewer requests than eight workers hammering for 3 seconds.
    assert len(emu.requests) < 60


def tea_openapi_version():
    from importlib.metadata import version  # pylint: disable=import-outside-toplevel

    return tuple(int(part) for part in version('alibabacloud-tea-openapi').split('.')[:3])


# alibabacloud-tea-openapi 0.4.3, the oldest lane's, raises a 429 without the x-acs-retry-after it carried;
# 0.4.6 hands it on. There the shared rate alone paces the task (the fleet guide says so).
# Every lane: it depends on the lane's SDK (skipped where the SDK drops the header).
@pytest.mark.every_lane
@pytest.mark.skipif(
    tea_openapi_version() < (0, 4, 6), reason='alibabacloud-tea-openapi < 0.4.6 drops x-acs-retry-after'
)
def test_a_wait_the_service_asks_for_holds_back_every_worker(emu, tmp_path):
    emu.add_fault(status=429, count=1, method='PUT', code='TooManyRequests', retry_after_ms=2000)
    configs = [{'function_name': 'fn%02d' % number, 'max_async_retry_attempts': 2} for number in range(16)]
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, {FLEET: {'configs': configs}})), tmp_path)
    assert outcome.get('failed') is not True, outcome.get('msg')
    assert len(stored(emu)) == 16
    asked = [r for r in emu.requests if r['status'] == 429][0]['time']
    # Requests already on their way when the answer came back arrive within moments; then none for 2 s.
    during = [r['time'] - asked for r in emu.requests if 0.25 < r['time'] - asked < 2.0]
    after = [r['time'] - asked for r in emu.requests if r['time'] - asked >= 2.0]
    assert during == [] and after, (during, after)


def test_a_fleet_of_120_is_read_by_the_page_and_says_what_it_did_in_one_line(make_emulator, tmp_path):
    emu = make_emulator()
    names = ['page%03d' % number for number in range(122)]
    emu.seed(
        {
            'functions': [{'name': name} for name in names],
            'async_configs': [{'function_name': name, 'config': {'maxAsyncRetryAttempts': 1}} for name in names[:121]],
        }
    )
    emu.clear_requests()
    configs = [{'function_name': name, 'max_async_retry_attempts': 1} for name in names[:119]]
    configs += [
        {'function_name': names[119], 'max_async_retry_attempts': 2},
        {'function_name': names[120], 'state': 'absent'},
    ]
    configs += [{'function_name': names[121], 'state': 'absent'}]
    task = {FLEET: {'configs': configs}}
    plan = result_of(run_playbook(tmp_path, task_playbook(emu, task), extra_args=['--check']), tmp_path)
    assert plan['msg'] == '0 created, 1 updated, 1 deleted, 120 unchanged, 0 failed', plan
    assert writes(emu) == []

    emu.clear_requests()
    applied = result_of(run_playbook(tmp_path, task_playbook(emu, task)), tmp_path)
    assert applied['msg'] == plan['msg'] and applied['summary'] == plan['summary']
    # Two pages hold the 121 configs; the update is read again before its write; the absent item without a
    # config is read (that read alone tells a missing function from a config that is not there).
    reads = [(r['action'], r['function_name']) for r in emu.requests if r['method'] == 'GET']
    assert reads[:2] == [('ListAsyncInvokeConfigs', None)] * 2
    assert sorted(reads[2:]) == [('GetAsyncInvokeConfig', names[119]), ('GetAsyncInvokeConfig', names[121])]
    assert sorted((r['method'], r['function_name']) for r in writes(emu)) == [
        ('DELETE', names[120]),
        ('PUT', names[119]),
    ]

    emu.clear_requests()
    again = result_of(run_playbook(tmp_path, task_playbook(emu, task)), tmp_path)
    assert again['changed'] is False and again['msg'] == '0 created, 0 updated, 0 deleted, 122 unchanged, 0 failed'
    assert writes(emu) == [] and len(emu.requests) == 2 + 2
