# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``fcv3_async_invoke_config_info``'s ``main()`` in process, the real SDK against the emulator: what it returns
beside what the emulator stores, what it asks for, how it fails."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_config_info as module


# Every test under each form of a qualified functionArn the emulator offers (slash, the service's, and colon): list
# items carry only the ARN, and the module reads both (the ansible-test target reads under the slash form).
@pytest.fixture(name='emu', params=['slash', 'colon'])
def _emu(emulator, request):
    """f1 with configs on LATEST and on alias prod, f2 with one on LATEST, f3 without any."""
    emulator.set_semantics(arn_style=request.param)
    emulator.seed(
        {
            'functions': [{'name': 'f1', 'versions': 1, 'aliases': {'prod': '1'}}, {'name': 'f2'}, {'name': 'f3'}],
            'async_configs': [
                {'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}},
                {'function_name': 'f1', 'qualifier': 'prod', 'config': {'asyncTask': True}},
                {
                    'function_name': 'f2',
                    'config': {
                        'destinationConfig': {
                            'onFailure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'}
                        }
                    },
                },
            ],
        }
    )
    emulator.clear_requests()
    return emulator


def test_every_config_of_the_region_as_stored(emu, run_module, connection, stored, actions):
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert run.result['changed'] is False
    assert run.result['async_invoke_configs'] == [stored('f1'), stored('f1', 'prod'), stored('f2')]
    assert actions() == ['ListAsyncInvokeConfigs']


def test_the_configs_of_one_function(emu, run_module, connection, stored, emulator):
    run = run_module(module, dict(connection, function_name='f1'))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == [stored('f1'), stored('f1', 'prod')]
    assert [request['query'].get('functionName') for request in emulator.requests] == ['f1']


def test_the_config_of_one_qualifier_is_one_read(emu, run_module, connection, stored, actions):
    run = run_module(module, dict(connection, function_name='f1', qualifier='prod'))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == [stored('f1', 'prod')]
    assert actions() == ['GetAsyncInvokeConfig']


def test_every_page_is_fetched(emulator, run_module, connection, stored, actions):
    names = ['fn%03d' % number for number in range(105)]
    emulator.seed(
        {
            'functions': [{'name': name} for name in names],
            'async_configs': [{'function_name': name, 'config': {}} for name in names],
        }
    )
    emulator.clear_requests()
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == [stored(name) for name in names]
    assert actions() == ['ListAsyncInvokeConfigs'] * 2


@pytest.mark.parametrize('args', [dict(function_name='f3'), dict(function_name='f3', qualifier='LATEST')])
def test_no_config_is_an_empty_list_without_a_warning(emu, run_module, connection, args):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == []
    assert run.warnings() == []


@pytest.mark.parametrize(
    'args, named',
    [
        (dict(function_name='nope'), "function 'nope' does not exist (FunctionNotFound: "),
        (
            dict(function_name='f1', qualifier='staging'),
            "function 'f1' qualifier staging does not exist (AliasNotFound: ",
        ),
    ],
)
def test_a_missing_function_or_alias_is_an_empty_list_and_a_warning_naming_it(emu, run_module, connection, args, named):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == []
    assert len(run.warnings()) == 1 and named in run.warnings()[0]


def test_check_and_diff_mode_read_the_same_and_return_no_diff(emu, run_module, connection, stored):
    run = run_module(module, dict(connection, function_name='f2'), check_mode=True, diff=True)
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == [stored('f2')]
    assert 'diff' not in run.result


def test_the_secrets_are_masked_in_the_invocation_and_found_nowhere(emu, run_module, connection, proxy, stored):
    run = run_module(module, dict(connection, function_name='f2', proxy=proxy.url_with_credentials()))
    assert run.exit_code == 0, run
    assert run.result['async_invoke_configs'] == [stored('f2')]
    assert [request['user'] for request in proxy.requests] == [proxy.user]
    assert run.masked('access_key_secret')
    assert connection['access_key_secret'] not in run.text
    assert proxy.password not in run.text


@pytest.mark.parametrize(
    'args, action, target',
    [
        (dict(), 'ListAsyncInvokeConfigs', 'list the async invoke configs of region cn-hangzhou'),
        (dict(function_name='f1'), 'ListAsyncInvokeConfigs', "list the async invoke configs of function 'f1'"),
        (
            dict(function_name='f1', qualifier='prod'),
            'GetAsyncInvokeConfig',
            "read the async invoke config of function 'f1' qualifier prod",
        ),
    ],
)
def test_an_error_of_the_service_fails_with_its_code_and_what_was_being_read(
    emu, run_module, connection, emulator, args, action, target
):
    emulator.add_fault(status=403, code='AccessDenied', message='not allowed here', action=action)
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 1, run
    assert run.result['msg'].startswith('Failed to %s: AccessDenied: not allowed here (request id: ' % target)
    assert run.result['error']['code'] == 'AccessDenied' and run.result['error']['status_code'] == 403
    assert run.result['error']['message'] == 'not allowed here'
    assert 'async_invoke_configs' not in run.result
    assert run.module_traceback is None


# A 404 that is not the service's not-found (a wrong endpoint, a gateway's page) is no "no config": the task fails
# naming the endpoint, whichever read it met.
@pytest.mark.parametrize(
    'args, fault',
    [
        (dict(), dict(status=404, code='PathNotFound')),
        (dict(function_name='f1'), dict(status=404, body='<html><body><h1>404 Not Found</h1></body></html>')),
        (dict(function_name='f1', qualifier='LATEST'), dict(status=404)),
    ],
)
def test_a_404_that_is_not_the_services_not_found_fails_naming_the_endpoint(
    emu, run_module, connection, emulator, args, fault
):
    emulator.add_fault(count=5, **fault)
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 1, run
    assert 'endpoint %s' % emulator.url in run.result['msg']
    assert 'async_invoke_configs' not in run.result


def test_throttling_that_does_not_end_fails_after_the_retries(emu, run_module, connection, emulator, actions):
    emulator.add_fault(status=429, action='ListAsyncInvokeConfigs', count=5)
    run = run_module(module, dict(connection, retries=1))
    assert run.exit_code == 1, run
    assert run.result['error']['code'] == 'ResourceThrottled' and run.result['error']['status_code'] == 429
    assert '(request id: ' in run.result['msg'] and 'after 2 attempts' in run.result['msg']
    assert actions() == ['ListAsyncInvokeConfigs'] * 2


@pytest.mark.parametrize(
    'args, message',
    [
        (dict(qualifier='prod'), 'missing parameter(s) required by \'qualifier\': function_name'),
        (dict(function_name='9lives'), "function_name must be letters, digits, underscores and hyphens"),
        (dict(function_name='f1', qualifier=''), 'qualifier must be LATEST, a version id'),
        (dict(region='Hangzhou'), "region must be a region id such as cn-hangzhou, got 'Hangzhou'"),
    ],
)
def test_bad_options_fail_naming_the_option_before_any_request(emu, run_module, connection, actions, args, message):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 1, run
    assert message in run.result['msg']
    assert actions() == []


def test_arns_of_another_region_are_one_warning_per_task(emu, run_module, connection):
    # The emulator serves cn-hangzhou, the task says eu-central-1 (a misconfigured endpoint): 3 configs, 1 warning.
    run = run_module(module, dict(connection, region='eu-central-1'))
    assert run.exit_code == 0, run
    warned = [w for w in run.warnings() if "region" in w]
    assert len(warned) == 1, run.warnings()
    assert 'cn-hangzhou' in warned[0] and 'eu-central-1' in warned[0] and emu.url in warned[0]


def test_arns_of_the_configured_region_are_no_warning(emu, run_module, connection):
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert run.warnings() == []
