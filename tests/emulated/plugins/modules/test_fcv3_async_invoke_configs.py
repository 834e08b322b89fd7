# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``fcv3_async_invoke_configs``'s ``main()`` in process, the real SDK against the emulator: every item's result,
the task's, what was sent and what the emulator stores afterwards."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_configs as module

ITEM_KEYS = {'function_name', 'qualifier', 'state', 'changed', 'async_invoke_config'}


# Every test under each reading of PutAsyncInvokeConfig the emulator offers (merge, as the service does, and
# replace): the module sends every setting, so the outcome is the same (the ansible-test target walks the merge).
@pytest.fixture(name='emu', params=['merge', 'replace'])
def _emu(emulator, request):
    """f1 with a LATEST config and an alias prod (version 1) that has one too; f2 without any config."""
    emulator.set_semantics(put_semantics=request.param)
    emulator.seed(
        {
            'functions': [{'name': 'f1', 'versions': 1, 'aliases': {'prod': '1'}}, {'name': 'f2'}],
            'async_configs': [
                {'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}},
                {'function_name': 'f1', 'qualifier': 'prod', 'config': {'maxAsyncRetryAttempts': 0}},
            ],
        }
    )
    emulator.clear_requests()
    return emulator


def test_items_in_place_are_one_read_each_and_no_change(emu, run_module, connection, stored, actions):
    run = run_module(
        module,
        dict(
            connection,
            configs=[
                dict(function_name='f1', max_async_retry_attempts=2),
                dict(function_name='f1', qualifier='prod', max_async_retry_attempts=0),
            ],
        ),
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is False
    assert [set(item) for item in run.result['results']] == [ITEM_KEYS, ITEM_KEYS]
    assert [item['async_invoke_config'] for item in run.result['results']] == [stored('f1'), stored('f1', 'prod')]
    assert sorted(actions()) == ['GetAsyncInvokeConfig'] * 2
    assert run.warnings() == []


def test_changed_items_return_what_the_service_stored_in_input_order(emu, run_module, connection, stored):
    run = run_module(
        module,
        dict(
            connection,
            defaults=dict(max_async_event_age_in_seconds=120),
            configs=[
                dict(function_name='f2', max_async_retry_attempts=5),
                dict(function_name='f1', qualifier='prod', state='absent'),
                dict(function_name='f1', max_async_retry_attempts=2),
            ],
        ),
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    results = run.result['results']
    assert [(item['function_name'], item['qualifier'], item['state'], item['changed']) for item in results] == [
        ('f2', 'LATEST', 'present', True),
        ('f1', 'prod', 'absent', True),
        ('f1', 'LATEST', 'present', True),
    ]
    assert results[0]['async_invoke_config'] == stored('f2')
    assert stored('f2')['max_async_retry_attempts'] == 5
    # A setting an item leaves out comes from the defaults, for new and existing configs alike.
    assert stored('f2')['max_async_event_age_in_seconds'] == 120
    assert stored('f1')['max_async_event_age_in_seconds'] == 120
    assert results[1]['async_invoke_config'] == {} and stored('f1', 'prod') is None
    assert results[2]['async_invoke_config'] == stored('f1')


def test_destinations_with_an_empty_account_id_are_applied_as_given(emu, run_module, connection, stored, actions):
    """ARNs with an empty account id, which the service accepts: applied as given, then no change on the next run."""
    destinations = dict(
        on_success=dict(destination='acs:fc:cn-hangzhou::functions/next'),
        on_failure=dict(destination='acs:mns:cn-hangzhou::/topics/events/messages'),
    )
    args = dict(connection, configs=[dict(function_name='f2', destination_config=destinations)])
    first = run_module(module, args)
    assert first.exit_code == 0, first
    assert first.result['changed'] is True
    assert stored('f2')['destination_config'] == destinations
    emu.clear_requests()
    again = run_module(module, args)
    assert again.exit_code == 0, again
    assert again.result['changed'] is False
    assert actions() == ['GetAsyncInvokeConfig']


def test_check_mode_predicts_every_item_and_writes_nothing(emu, run_module, connection, stored, actions):
    before = emu.state()['async_configs']
    run = run_module(
        module,
        dict(
            connection,
            purge=True,
            configs=[dict(function_name='f1', max_async_retry_attempts=3), dict(function_name='f2', async_task=True)],
        ),
        check_mode=True,
        diff=True,
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert emu.state()['async_configs'] == before
    assert not set(actions()) & {'PutAsyncInvokeConfig', 'DeleteAsyncInvokeConfig'}
    f1, f2, purged = run.result['results']
    assert f1['async_invoke_config']['max_async_retry_attempts'] == 3
    assert f2['async_invoke_config']['async_task'] is True
    assert (purged['function_name'], purged['qualifier'], purged['state'], purged['changed']) == (
        'f1',
        'prod',
        'absent',
        True,
    )
    assert purged['diff'] == {'before': stored('f1', 'prod'), 'after': {}}


def test_diff_mode_labels_the_changed_items_and_each_result_has_its_own(emu, run_module, connection, stored):
    before = stored('f1')
    run = run_module(
        module,
        dict(
            connection,
            configs=[
                dict(function_name='f1', max_async_retry_attempts=4),
                dict(function_name='f1', qualifier='prod', max_async_retry_attempts=0),
            ],
        ),
        diff=True,
    )
    assert run.exit_code == 0, run
    after = stored('f1')
    assert run.result['diff'] == [
        {'before': before, 'after': after, 'before_header': 'f1:LATEST', 'after_header': 'f1:LATEST'}
    ]
    assert run.result['results'][0]['diff'] == {'before': before, 'after': after}
    assert run.result['results'][1]['diff'] == {'before': stored('f1', 'prod'), 'after': stored('f1', 'prod')}


def test_purge_removes_the_configs_of_named_functions_that_are_not_listed(emu, run_module, connection, stored, actions):
    run = run_module(
        module, dict(connection, purge=True, configs=[dict(function_name='f1', max_async_retry_attempts=2)])
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert [(item['qualifier'], item['state'], item['changed']) for item in run.result['results']] == [
        ('LATEST', 'present', False),
        ('prod', 'absent', True),
    ]
    assert stored('f1', 'prod') is None and stored('f1') is not None
    assert actions() == ['ListAsyncInvokeConfigs', 'DeleteAsyncInvokeConfig']


def test_the_secrets_are_masked_in_the_invocation_and_found_nowhere(emu, run_module, connection, proxy, stored):
    run = run_module(
        module,
        dict(
            connection,
            proxy=proxy.url_with_credentials(),
            configs=[dict(function_name='f2', max_async_retry_attempts=1)],
        ),
    )
    assert run.exit_code == 0, run
    assert stored('f2')['max_async_retry_attempts'] == 1
    assert {request['user'] for request in proxy.requests} == {proxy.user}
    assert run.masked('access_key_secret')
    assert connection['access_key_secret'] not in run.text
    assert proxy.password not in run.text


def test_an_item_that_fails_at_the_api_fails_the_task_and_the_others_are_applied(emu, run_module, connection, stored):
    run = run_module(
        module,
        dict(
            connection,
            configs=[
                dict(function_name='nope', max_async_retry_attempts=1),
                dict(function_name='f2', max_async_retry_attempts=1),
            ],
        ),
    )
    assert run.exit_code == 1, run
    result = run.result
    # Truthful: the task changed f2 although it failed.
    assert result['changed'] is True
    failed, applied = result['results']
    assert set(failed) == {'function_name', 'qualifier', 'state', 'changed', 'failed', 'msg', 'error'}
    assert failed['failed'] is True and failed['changed'] is False
    assert failed['error']['code'] == 'FunctionNotFound' and failed['error']['status_code'] == 404
    assert failed['msg'].startswith(
        "Failed to read the async invoke config of function 'nope' qualifier LATEST: FunctionNotFound: "
    )
    assert result['msg'] == (
        "1 of 2 items failed (the other 1 succeeded). configs[0] (function 'nope' qualifier LATEST): " + failed['msg']
    )
    # The task has no error of its own: each failed item carries its own.
    assert 'error' not in result
    assert run.module_traceback is None
    assert applied['changed'] is True and applied['async_invoke_config'] == stored('f2')


def test_a_write_the_service_keeps_refusing_fails_that_item_only(emu, run_module, connection, stored, emulator):
    before = stored('f1')
    emulator.add_fault(status=500, action='PutAsyncInvokeConfig', function='f1', count=10)
    run = run_module(
        module,
        dict(
            connection,
            retries=0,
            configs=[
                dict(function_name='f1', max_async_retry_attempts=6),
                dict(function_name='f2', max_async_retry_attempts=6),
            ],
        ),
    )
    assert run.exit_code == 1, run
    refused, applied = run.result['results']
    assert refused['changed'] is False
    assert refused['error']['code'] == 'InternalServerError' and refused['error']['status_code'] == 500
    assert refused['msg'].endswith('The service refused the write, so the config is as it was.')
    assert refused['async_invoke_config'] == before == stored('f1')
    assert applied['changed'] is True and stored('f2')['max_async_retry_attempts'] == 6
    assert run.result['msg'].startswith('1 of 2 items failed (the other 1 succeeded). ')


def test_no_answer_at_all_fails_every_item_with_the_traceback_of_the_first(emu, run_module, connection):
    run = run_module(
        module,
        dict(
            connection,
            endpoint='http://127.0.0.1:1',
            retries=0,
            configs=[
                dict(function_name='f1', max_async_retry_attempts=1),
                dict(function_name='f2', max_async_retry_attempts=1),
            ],
        ),
    )
    assert run.exit_code == 1, run
    assert run.result['changed'] is False
    assert run.result['msg'].startswith('All 2 items failed. ')
    assert [item['error']['code'] for item in run.result['results']] == ['ConnectionError'] * 2
    assert [item['error']['status_code'] for item in run.result['results']] == [None, None]
    # Not known: left out rather than returned as "none".
    assert ['async_invoke_config' in item for item in run.result['results']] == [False, False]
    assert 'Traceback' in run.module_traceback


@pytest.mark.parametrize(
    'args, message',
    [
        (
            dict(configs=[dict(function_name='f1'), dict(function_name='f1', qualifier='LATEST')]),
            "configs[1] repeats function 'f1' qualifier LATEST of configs[0]",
        ),
        (
            dict(configs=[dict(function_name='f1', max_async_retry_attempts=9)]),
            'configs[0].max_async_retry_attempts must be between 0 and 8; got 9',
        ),
        (
            dict(configs=[dict(function_name='f1')], defaults=dict(max_async_event_age_in_seconds=0)),
            'defaults.max_async_event_age_in_seconds must be between 1 and 604800; got 0',
        ),
        (dict(configs=[dict(function_name='f1')], concurrency=0), 'concurrency must be between 1 and 64; got 0'),
        (dict(configs=[dict(qualifier='LATEST')]), 'missing required arguments: function_name found in configs'),
    ],
)
def test_bad_options_fail_the_task_naming_the_option_before_any_request(
    emu, run_module, connection, actions, args, message
):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 1, run
    assert message in run.result['msg']
    assert 'results' not in run.result
    assert actions() == []


def test_summary_and_msg_read_like_a_plan_in_check_mode_and_say_what_the_run_did(emu, run_module, connection):
    args = dict(
        connection,
        configs=[
            dict(function_name='f1', max_async_retry_attempts=3),
            dict(function_name='f1', qualifier='prod', state='absent'),
            dict(function_name='f2', max_async_retry_attempts=1),
            dict(function_name='f2', qualifier='1', state='absent'),
        ],
    )
    expected = {'created': 1, 'updated': 1, 'deleted': 1, 'unchanged': 1, 'failed': 0}
    plan = run_module(module, args, check_mode=True)
    assert plan.exit_code == 0, plan
    assert plan.result['summary'] == expected
    assert plan.result['msg'] == '1 created, 1 updated, 1 deleted, 1 unchanged, 0 failed'
    applied = run_module(module, args)
    assert (applied.result['summary'], applied.result['msg']) == (plan.result['summary'], plan.result['msg'])
    again = run_module(module, args)
    assert again.result['msg'] == '0 created, 0 updated, 0 deleted, 4 unchanged, 0 failed'


def test_a_failed_item_is_counted_and_msg_names_it(emu, run_module, connection):
    run = run_module(
        module,
        dict(connection, configs=[dict(function_name='f2', max_async_retry_attempts=1), dict(function_name='ghost')]),
    )
    assert run.exit_code == 1
    assert run.result['summary'] == {'created': 1, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 1}
    assert run.result['msg'].startswith('1 of 2 items failed (the other 1 succeeded).')
