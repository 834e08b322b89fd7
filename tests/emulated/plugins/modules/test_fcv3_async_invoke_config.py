# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``fcv3_async_invoke_config``'s ``main()`` in process, the real SDK against the emulator: what it returns,
what it sends, what the emulator stores afterwards."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_config as module

NEXT = 'acs:fc:cn-hangzhou:1234567890123456:functions/next'
DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'
SETTINGS = dict(
    max_async_retry_attempts=1,
    max_async_event_age_in_seconds=3600,
    async_task=True,
    destination_config=dict(on_success=dict(destination=NEXT), on_failure=dict(destination=DLQ)),
)


# Every test under each reading of PutAsyncInvokeConfig the emulator offers (merge, as the service does, and
# replace): the module sends every setting, so the outcome is the same (the ansible-test target walks the merge).
@pytest.fixture(name='emu', params=['merge', 'replace'])
def _emu(emulator, request):
    """f1 with a config of its own (every setting away from the service's defaults), f2 without one."""
    emulator.set_semantics(put_semantics=request.param)
    emulator.seed(
        {
            'functions': [{'name': 'f1'}, {'name': 'f2'}],
            'async_configs': [
                {
                    'function_name': 'f1',
                    'config': {
                        'maxAsyncRetryAttempts': 2,
                        'maxAsyncEventAgeInSeconds': 600,
                        'asyncTask': False,
                        'destinationConfig': {'onFailure': {'destination': DLQ}},
                    },
                }
            ],
        }
    )
    emulator.clear_requests()
    return emulator


def test_a_config_already_in_place_is_one_read_and_no_change(emu, run_module, connection, stored, actions):
    before = stored('f1')
    run = run_module(
        module,
        dict(
            connection,
            function_name='f1',
            max_async_retry_attempts=2,
            destination_config=dict(on_failure=dict(destination=DLQ)),
        ),
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is False
    assert run.result['async_invoke_config'] == before
    assert actions() == ['GetAsyncInvokeConfig']
    assert stored('f1') == before
    assert 'diff' not in run.result


def test_a_new_config_returns_what_the_service_stored(emu, run_module, connection, stored, actions):
    run = run_module(module, dict(connection, function_name='f2', **SETTINGS))
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    # The on-success destination is a function of the region: looked up before the write (it does not exist).
    assert actions() == ['GetAsyncInvokeConfig', 'GetFunction', 'PutAsyncInvokeConfig']
    assert [w for w in run.warnings() if "function 'next' does not exist" in w]
    after = stored('f2')
    assert run.result['async_invoke_config'] == after
    assert after['max_async_retry_attempts'] == 1 and after['max_async_event_age_in_seconds'] == 3600
    assert after['async_task'] is True
    assert after['destination_config'] == SETTINGS['destination_config']


def test_an_update_sends_every_setting_and_keeps_the_ones_left_out(emu, run_module, connection, stored, emulator):
    before = stored('f1')
    run = run_module(module, dict(connection, function_name='f1', max_async_retry_attempts=0))
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    after = stored('f1')
    assert run.result['async_invoke_config'] == after
    assert after['max_async_retry_attempts'] == 0
    for kept in ('max_async_event_age_in_seconds', 'async_task', 'destination_config', 'created_time'):
        assert after[kept] == before[kept]
    put = [request for request in emulator.requests if request['action'] == 'PutAsyncInvokeConfig']
    assert put[0]['body'] == {
        'maxAsyncRetryAttempts': 0,
        'maxAsyncEventAgeInSeconds': 600,
        'asyncTask': False,
        'destinationConfig': {'onFailure': {'destination': DLQ}},
    }


# ARNs with an empty account id, which the service accepts: applied as given, then no change on the next run.
EMPTY_ACCOUNT = dict(
    on_success=dict(destination='acs:fc:cn-hangzhou::functions/next'),
    on_failure=dict(destination='acs:mns:cn-hangzhou::/topics/events/messages'),
)


def test_destinations_with_an_empty_account_id_are_applied_as_given(emu, run_module, connection, stored, actions):
    args = dict(connection, function_name='f2', destination_config=EMPTY_ACCOUNT)
    first = run_module(module, args)
    assert first.exit_code == 0, first
    assert first.result['changed'] is True
    assert stored('f2')['destination_config'] == EMPTY_ACCOUNT
    emu.clear_requests()
    again = run_module(module, args)
    assert again.exit_code == 0, again
    assert again.result['changed'] is False
    assert actions() == ['GetAsyncInvokeConfig']


def test_diff_mode_returns_the_config_before_and_after(emu, run_module, connection, stored):
    before = stored('f1')
    run = run_module(module, dict(connection, function_name='f1', destination_config={}), diff=True)
    assert run.exit_code == 0, run
    after = stored('f1')
    assert 'destination_config' not in after
    assert run.result['diff'] == {'before': before, 'after': after}
    assert run.result['async_invoke_config'] == after


def test_check_mode_predicts_the_change_and_writes_nothing(emu, run_module, connection, stored, actions):
    before = stored('f1')
    run = run_module(
        module, dict(connection, function_name='f1', max_async_retry_attempts=5), check_mode=True, diff=True
    )
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert actions() == ['GetAsyncInvokeConfig']
    assert stored('f1') == before
    predicted = dict(before, max_async_retry_attempts=5)
    # The service sets the time of a write; a prediction cannot know it.
    del predicted['last_modified_time']
    assert run.result['async_invoke_config'] == predicted
    assert run.result['diff'] == {'before': before, 'after': predicted}


def test_check_mode_of_a_delete_reads_and_deletes_nothing(emu, run_module, connection, stored, actions):
    before = stored('f1')
    run = run_module(module, dict(connection, function_name='f1', state='absent'), check_mode=True, diff=True)
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert run.result['diff'] == {'before': before, 'after': {}}
    assert actions() == ['GetAsyncInvokeConfig']
    assert stored('f1') == before


def test_absent_reads_then_deletes_and_a_converged_rerun_only_reads(emu, run_module, connection, stored, actions):
    run = run_module(module, dict(connection, function_name='f1', state='absent'))
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert run.result['async_invoke_config'] == {}
    assert stored('f1') is None
    assert actions() == ['GetAsyncInvokeConfig', 'DeleteAsyncInvokeConfig']

    again = run_module(module, dict(connection, function_name='f1', state='absent'))
    assert again.exit_code == 0, again
    assert again.result['changed'] is False
    # No write on a converged rerun: no delete permission needed, nothing in the audit trail.
    assert actions() == ['GetAsyncInvokeConfig', 'DeleteAsyncInvokeConfig', 'GetAsyncInvokeConfig']


def test_the_access_key_secret_is_masked_in_the_invocation_and_found_nowhere(emu, run_module, connection):
    run = run_module(module, dict(connection, function_name='f2', max_async_retry_attempts=1), diff=True)
    assert run.exit_code == 0, run
    assert run.masked('access_key_secret')
    assert connection['access_key_secret'] not in run.text


def test_a_proxy_password_is_used_and_never_returned(emu, run_module, connection, proxy, stored):
    run = run_module(
        module, dict(connection, function_name='f2', max_async_retry_attempts=1, proxy=proxy.url_with_credentials())
    )
    assert run.exit_code == 0, run
    assert [request['user'] for request in proxy.requests] == [proxy.user, proxy.user]
    assert stored('f2')['max_async_retry_attempts'] == 1
    assert proxy.password not in run.text
    # Masked, yet still naming the proxy the task went through.
    assert '@127.0.0.1:%d' % proxy.port in run.result['invocation']['module_args']['proxy']


def test_a_proxy_password_is_not_returned_when_the_proxy_is_down(emu, run_module, connection, proxy, actions):
    down = 'http://%s:%s@127.0.0.1:1' % (proxy.user, proxy.password)
    run = run_module(module, dict(connection, function_name='f2', max_async_retry_attempts=1, proxy=down, retries=0))
    assert run.exit_code == 1, run
    assert run.result['error']['code'] == 'ConnectionError'
    # The SDK's own exception is returned for the traceback display, masked like the rest.
    assert 'Traceback' in run.module_traceback
    assert proxy.password not in run.text
    assert run.masked('access_key_secret')
    assert actions() == []


def test_a_missing_function_fails_with_the_service_error_and_no_config(emu, run_module, connection):
    run = run_module(module, dict(connection, function_name='nope', max_async_retry_attempts=1))
    assert run.exit_code == 1, run
    result = run.result
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith(
        "Failed to read the async invoke config of function 'nope' qualifier LATEST: FunctionNotFound: "
    )
    assert set(result['error']) == {'code', 'message', 'request_id', 'status_code'}
    assert result['error']['code'] == 'FunctionNotFound' and result['error']['status_code'] == 404
    assert result['error']['request_id'] and result['error']['request_id'] in result['msg']
    # Not known after a failed read: left out rather than returned as "none".
    assert 'async_invoke_config' not in result
    # The service's answer says it all: no traceback.
    assert run.module_traceback is None


def test_a_write_the_service_keeps_refusing_is_no_change_and_returns_the_config_as_read(
    emu, run_module, connection, stored, actions, emulator
):
    before = stored('f1')
    emulator.add_fault(status=503, action='PutAsyncInvokeConfig', count=2)
    run = run_module(module, dict(connection, function_name='f1', max_async_retry_attempts=7))
    assert run.exit_code == 1, run
    assert run.result['changed'] is False
    assert run.result['error']['code'] == 'ServiceUnavailable' and run.result['error']['status_code'] == 503
    assert run.result['msg'].startswith("Failed to update the async invoke config of function 'f1' qualifier LATEST")
    assert run.result['msg'].endswith('The service refused the write, so the config is as it was.')
    assert run.result['async_invoke_config'] == before
    assert actions() == ['GetAsyncInvokeConfig', 'PutAsyncInvokeConfig', 'PutAsyncInvokeConfig']
    assert len(run.warnings()) == 1 and run.warnings()[0].startswith('Retrying after ServiceUnavailable')
    assert stored('f1') == before


def test_a_throttled_read_is_retried_and_the_task_succeeds(emu, run_module, connection, actions, emulator):
    emulator.add_fault(status=429, action='GetAsyncInvokeConfig', count=1)
    run = run_module(module, dict(connection, function_name='f1', max_async_retry_attempts=2))
    assert run.exit_code == 0, run
    assert run.result['changed'] is False
    assert actions() == ['GetAsyncInvokeConfig', 'GetAsyncInvokeConfig']
    assert len(run.warnings()) == 1 and run.warnings()[0].startswith('Retrying after ResourceThrottled')


def test_a_write_whose_answer_is_lost_is_settled_by_a_read(emu, run_module, connection, stored, actions, emulator):
    emulator.add_fault(drop=True, action='PutAsyncInvokeConfig')
    run = run_module(module, dict(connection, function_name='f1', max_async_retry_attempts=4, retries=0))
    assert run.exit_code == 0, run
    assert run.result['changed'] is True
    assert run.result['async_invoke_config'] == stored('f1')
    assert stored('f1')['max_async_retry_attempts'] == 4
    assert actions() == ['GetAsyncInvokeConfig', 'PutAsyncInvokeConfig', 'GetAsyncInvokeConfig']
    assert any('a read afterwards shows the config as requested' in warning for warning in run.warnings())


def test_a_write_met_by_a_page_not_of_the_service_may_have_been_applied(emu, run_module, connection, stored, emulator):
    before = stored('f1')
    emulator.add_fault(status=502, body='<html><title>Bad Gateway</title></html>', action='PutAsyncInvokeConfig')
    run = run_module(module, dict(connection, function_name='f1', max_async_retry_attempts=4, retries=0))
    assert run.exit_code == 1, run
    # A gateway may have passed the write on: never reported as no change.
    assert run.result['changed'] is True
    assert run.result['error']['code'] == 'InvalidResponse'
    assert 'may have been applied' in run.result['msg']
    assert run.result['async_invoke_config'] == before
    assert 'Traceback' in run.module_traceback


@pytest.mark.parametrize(
    'args, message',
    [
        (dict(max_async_retry_attempts=9), 'max_async_retry_attempts must be between 0 and 8; got 9'),
        (dict(max_async_event_age_in_seconds=0), 'max_async_event_age_in_seconds must be between 1 and 604800; got 0'),
        (dict(qualifier='bad qualifier'), "qualifier must be LATEST, a version id"),
        (
            dict(destination_config=dict(on_failure=dict(destination='arn:aws:sqs:x'))),
            'destination_config.on_failure.destination must be an ARN',
        ),
        (dict(state='gone'), 'value of state must be one of: present, absent, got: gone'),
        (dict(endpoint='http://user:Endp0int-Secret@127.0.0.1:1'), 'endpoint must look like https://host[:port]'),
    ],
)
def test_bad_options_fail_naming_the_option_before_any_request(emu, run_module, connection, actions, args, message):
    run = run_module(module, dict(connection, function_name='f1', **args))
    assert run.exit_code == 1, run
    assert message in run.result['msg']
    assert 'error' not in run.result
    assert actions() == []
    assert 'Endp0int-Secret' not in run.text


def test_a_destination_function_that_does_not_exist_is_a_warning_of_one_lookup(emu, run_module, connection, actions):
    settings = dict(
        function_name='f2',
        destination_config=dict(on_success=dict(destination=NEXT), on_failure=dict(destination=NEXT + '/prod')),
    )
    for check_mode in (True, False):
        run = run_module(module, dict(connection, **settings), check_mode=check_mode)
        assert run.exit_code == 0, run
        assert run.result['changed'] is True
        warnings = run.warnings()
        assert len(warnings) == 2 and all("function 'next'" in w and 'does not exist' in w for w in warnings)
    assert actions() == ['GetAsyncInvokeConfig', 'GetFunction', 'GetFunction'] * 2 + ['PutAsyncInvokeConfig']
    # A no-op makes no lookup.
    again = run_module(module, dict(connection, **settings))
    assert again.result['changed'] is False and again.warnings() == []
    assert actions()[-1:] == ['GetAsyncInvokeConfig']


def test_a_destination_check_can_be_turned_off_and_an_arn_naming_no_function_is_a_warning(
    emu, run_module, connection, actions
):
    typo = 'acs:fc:cn-hangzhou:1234567890123456:function/next'
    args = dict(connection, function_name='f2', destination_config=dict(on_success=dict(destination=typo)))
    run = run_module(module, args, check_mode=True)
    assert run.exit_code == 0, run
    assert [w for w in run.warnings() if 'function/next is a Function Compute ARN that names no function' in w]
    unchecked = run_module(module, dict(args, check_destinations=False), check_mode=True)
    assert unchecked.warnings() == []
    assert 'GetFunction' not in actions()


def test_check_mode_predicts_a_create_with_the_defaults_the_service_fills_in(emu, run_module, connection, stored):
    args = dict(connection, function_name='f2', async_task=True)
    predicted = run_module(module, args, check_mode=True, diff=True)
    created = run_module(module, args, diff=True)
    for key, value in predicted.result['async_invoke_config'].items():
        assert created.result['async_invoke_config'][key] == value, key
    assert set(created.result['async_invoke_config']) - set(predicted.result['async_invoke_config']) == {
        'function_arn',
        'created_time',
        'last_modified_time',
    }
    assert predicted.result['diff']['after']['max_async_retry_attempts'] == 3
