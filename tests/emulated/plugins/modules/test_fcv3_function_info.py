# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``fcv3_function_info``'s ``main()`` in process, the real SDK against the emulator: which functions each filter
returns, what is sent for it, how it fails."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.modules import fcv3_function_info as module

FUNCTIONS = [
    {
        'name': 'orders-api',
        'runtime': 'python3.10',
        'description': 'Order API',
        'tags': {'team': 'payments'},
        'resource_group_id': 'rg-pay',
    },
    {'name': 'orders-worker', 'runtime': 'python3.10', 'tags': {'team': 'payments', 'dlq': 'yes'}},
    {'name': 'reports-worker', 'runtime': 'custom.debian10', 'tags': {'team': 'data'}},
]


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed({'functions': FUNCTIONS})
    emulator.clear_requests()
    return emulator


def names(run):
    return [function['function_name'] for function in run.result['functions']]


def test_every_function_as_the_service_has_it(emu, run_module, connection, actions):
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert run.result['changed'] is False
    listed = run.result['functions']
    state = emu.state()['functions']
    assert [(item['function_name'], item['function_arn'], item['runtime']) for item in listed] == [
        (function['name'], function['functionArn'], function['runtime']) for function in state
    ]
    assert [item['tags'] for item in listed] == [function['tags'] for function in FUNCTIONS]
    assert listed[0]['description'] == 'Order API' and listed[0]['resource_group_id'] == 'rg-pay'
    assert 'resource_group_id' not in listed[1]
    assert actions() == ['ListFunctions']
    assert run.warnings() == []


@pytest.mark.parametrize(
    'args, expected',
    [
        (dict(prefix='orders-'), ['orders-api', 'orders-worker']),
        (dict(tags=dict(team='payments', dlq='yes')), ['orders-worker']),
        (dict(runtime='custom.debian10'), ['reports-worker']),
        (dict(resource_group_id='rg-pay'), ['orders-api']),
        # Searched, not matched whole.
        (dict(name_regex='-work'), ['orders-worker', 'reports-worker']),
        (dict(prefix='orders-', name_regex='worker$'), ['orders-worker']),
        (dict(fc_version='v3'), ['orders-api', 'orders-worker', 'reports-worker']),
    ],
)
def test_each_filter_selects_the_functions_it_names(emu, run_module, connection, args, expected):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 0, run
    assert names(run) == expected


def test_the_service_filters_are_sent_and_name_regex_is_not(emu, run_module, connection, emulator):
    run = run_module(module, dict(connection, prefix='orders-', tags=dict(team='payments'), name_regex='api'))
    assert run.exit_code == 0, run
    assert names(run) == ['orders-api']
    query = emulator.requests[0]['query']
    assert query['prefix'] == 'orders-' and query['tags'] == '[{"Key":"team","Value":"payments"}]'
    assert 'name_regex' not in query and 'nameRegex' not in query


def test_every_page_is_fetched(emulator, run_module, connection, actions):
    emulator.seed({'functions': [{'name': 'fn%03d' % number} for number in range(105)]})
    emulator.clear_requests()
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert names(run) == ['fn%03d' % number for number in range(105)]
    assert actions() == ['ListFunctions'] * 2


def test_no_match_is_an_empty_list_and_a_warning_naming_the_filters(emu, run_module, connection):
    run = run_module(module, dict(connection, prefix='billing-'))
    assert run.exit_code == 0, run
    assert run.result['functions'] == []
    assert run.warnings() == ["No function of region cn-hangzhou matches prefix='billing-'."]


def test_an_empty_region_without_filters_is_an_empty_list_without_a_warning(emulator, run_module, connection, actions):
    run = run_module(module, dict(connection))
    assert run.exit_code == 0, run
    assert run.result['functions'] == [] and run.result['changed'] is False
    assert run.warnings() == []
    assert actions() == ['ListFunctions']


def test_check_and_diff_mode_read_the_same_and_return_no_diff(emu, run_module, connection):
    run = run_module(module, dict(connection, prefix='reports-'), check_mode=True, diff=True)
    assert run.exit_code == 0, run
    assert names(run) == ['reports-worker']
    assert 'diff' not in run.result


def test_the_secrets_are_masked_in_the_invocation_and_found_nowhere(emu, run_module, connection, proxy):
    run = run_module(module, dict(connection, proxy=proxy.url_with_credentials()))
    assert run.exit_code == 0, run
    assert len(names(run)) == 3
    assert [request['user'] for request in proxy.requests] == [proxy.user]
    assert run.masked('access_key_secret')
    assert connection['access_key_secret'] not in run.text
    assert proxy.password not in run.text


def test_a_wrong_secret_fails_with_the_service_code_and_is_never_returned(emu, run_module, connection):
    run = run_module(module, dict(connection, access_key_secret='Wr0ng-Secret-Distinct'))
    assert run.exit_code == 1, run
    assert run.result['error']['code'] == 'SignatureNotMatch' and run.result['error']['status_code'] == 403
    assert run.masked('access_key_secret')
    assert 'Wr0ng-Secret-Distinct' not in run.text


def test_a_5xx_that_does_not_end_fails_naming_the_region_and_the_filters(
    emu, run_module, connection, emulator, actions
):
    emulator.add_fault(status=500, action='ListFunctions', count=5)
    run = run_module(module, dict(connection, retries=0, prefix='orders-', tags=dict(team='payments')))
    assert run.exit_code == 1, run
    assert run.result['msg'].startswith(
        "Failed to list the functions of region cn-hangzhou (prefix='orders-', "
        "tags={'team': 'payments'}): InternalServerError: "
    )
    assert set(run.result['error']) == {'code', 'message', 'request_id', 'status_code'}
    assert run.result['error']['code'] == 'InternalServerError' and run.result['error']['status_code'] == 500
    assert 'functions' not in run.result
    assert run.module_traceback is None
    assert actions() == ['ListFunctions']


def test_an_answer_that_is_not_the_service_json_fails_with_its_traceback(emu, run_module, connection, emulator):
    emulator.add_fault(status=404, body='<html><title>Not here</title></html>', action='ListFunctions')
    run = run_module(module, dict(connection, retries=0))
    assert run.exit_code == 1, run
    assert run.result['error']['code'] == 'InvalidResponse' and run.result['error']['status_code'] == 404
    assert "a page titled 'Not here'" in run.result['msg']
    assert 'Traceback' in run.module_traceback


@pytest.mark.parametrize(
    'args, message',
    [
        (dict(prefix=''), 'prefix must not be empty (leave it out to not filter by it)'),
        (dict(tags={}), 'tags must name at least one tag'),
        (dict(tags={'': 'payments'}), 'tags has an empty key; a tag key must not be empty'),
        (dict(runtime=''), 'runtime must not be empty (leave it out to not filter by it)'),
        (dict(name_regex='('), 'name_regex is not a valid regular expression'),
        (dict(tags=dict(team=['a'])), 'tags.team must be a string (a tag value)'),
        (dict(read_timeout=0), 'read_timeout must be greater than 0 and finite (seconds), got 0'),
    ],
)
def test_bad_options_fail_naming_the_option_before_any_request(emu, run_module, connection, actions, args, message):
    run = run_module(module, dict(connection, **args))
    assert run.exit_code == 1, run
    assert message in run.result['msg']
    assert actions() == []
