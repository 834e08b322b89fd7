# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role alicloud.fc.async_invoke_policy run by ansible-playbook from the installed collection.

Bad variables must fail before any request, naming the variable (checked in the emulator's log).
The full fleet life cycle is the molecule scenario extensions/molecule/async_invoke_policy.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess
import sys

import pytest

from harness import COLLECTION_ROOT, base_environment, result_of, run_playbook

DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'


def role_playbook(emulator, variables, check_mode=False):
    """A play that applies the role with ``variables`` as play vars and keeps its result in result.json."""
    play = {
        'name': 'Apply the async invoke policy',
        'hosts': 'localhost',
        'connection': 'local',
        'gather_facts': False,
        'check_mode': check_mode,
        'module_defaults': {'group/alicloud.fc.fcv3': {'region': emulator.region, 'endpoint': emulator.url}},
        'vars': variables,
        'roles': ['alicloud.fc.async_invoke_policy'],
        'post_tasks': [
            {
                'name': 'Keep the result',
                'ansible.builtin.copy': {
                    'content': '{{ async_invoke_policy_result | to_json }}',
                    'dest': '{{ playbook_dir }}/result.json',
                    'mode': '0600',
                },
                'check_mode': False,
                'diff': False,
            }
        ],
    }
    return json.dumps([play])


def fleet(count):
    return [{'function_name': 'f%02d' % number} for number in range(1, count + 1)]


# The role's tasks that fail on bad variables: the argument specs (names and types of the variables), its own
# check of variable names, and the report of what the module refused before any request.
SPEC = 'Validating arguments against arg spec'
UNKNOWN = 'Refuse unknown async_invoke_policy_* variables'
REPORT = 'Report the failure'
BAD_ARN = 'acs:oss:cn-hangzhou:1:bucket/x'
FLEET_REQUIRED = 'Require a fleet to apply the policy to'
SELECT_REPORT = 'Report a selection that failed'
SELECT_QUALIFIER = 'Check the qualifier of the selection'

# The cases ansible-core's own check of the argument specs fails (SPEC) depend on the lane's ansible-core: every lane.
BAD_VARIABLES = [
    pytest.param(
        {'async_invoke_policy_functions': [{'function_name': 'f01', 'max_retries': 2}]},
        REPORT,
        [
            'Unsupported parameters in the role alicloud.fc.async_invoke_policy: '
            'async_invoke_policy_functions.max_retries',
            'Supported parameters include',
        ],
        id='unknown-item-key',
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_defaults': {'retry': 1}},
        REPORT,
        ['async_invoke_policy_defaults.retry', 'Supported parameters include'],
        id='unknown-defaults-key',
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_purg': True},
        UNKNOWN,
        ['Unknown variable(s) async_invoke_policy_purg;'],
        id='unknown-variable',
    ),
    pytest.param(
        {'async_invoke_policy_functions': [{'function_name': 'f01', 'max_async_retry_attempts': 'many'}]},
        REPORT,
        ["argument 'max_async_retry_attempts' is of type", "found in 'async_invoke_policy_functions'"],
        id='wrong-type-in-item',
    ),
    pytest.param(
        {'async_invoke_policy_functions': {'function_name': 'f01'}},
        SPEC,
        ["argument 'async_invoke_policy_functions' is of type"],
        id='wrong-type-of-list',
        marks=pytest.mark.every_lane,
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_purge': 'sometimes'},
        SPEC,
        ["argument 'async_invoke_policy_purge' is of type"],
        id='wrong-type-of-purge',
        marks=pytest.mark.every_lane,
    ),
    pytest.param(
        {'async_invoke_policy_functions': [{'function_name': 'f01', 'state': 'gone'}]},
        REPORT,
        ['value of state must be one of: present, absent, got: gone', 'async_invoke_policy_functions'],
        id='bad-choice',
    ),
    pytest.param(
        {'async_invoke_policy_functions': [{'qualifier': 'prod'}]},
        REPORT,
        ['missing required arguments: function_name', 'async_invoke_policy_functions'],
        id='missing-function-name',
    ),
    pytest.param(
        {},
        FLEET_REQUIRED,
        ['Nothing to apply the policy to: give async_invoke_policy_functions', 'async_invoke_policy_select'],
        id='missing-functions-and-select',
    ),
    pytest.param(
        {'async_invoke_policy_select': {'prefix': 'f', 'prefx': 'g'}},
        SPEC,
        ['async_invoke_policy_select.prefx', 'Supported parameters include'],
        id='unknown-select-key',
        marks=pytest.mark.every_lane,
    ),
    pytest.param(
        {'async_invoke_policy_select': {'prefix': ''}},
        SELECT_REPORT,
        ['async_invoke_policy_select: prefix must not be empty'],
        id='empty-prefix',
    ),
    pytest.param(
        {'async_invoke_policy_select': {'tags': {'': 'payments'}}},
        SELECT_REPORT,
        ['async_invoke_policy_select: tags has an empty key'],
        id='empty-tag-key',
    ),
    pytest.param(
        {'async_invoke_policy_select': {'name_regex': 'f(['}},
        SELECT_REPORT,
        ['async_invoke_policy_select: name_regex is not a valid regular expression'],
        id='bad-regex',
    ),
    pytest.param(
        {'async_invoke_policy_select': {'prefix': 'f', 'qualifier': 'pro d'}},
        SELECT_QUALIFIER,
        ['async_invoke_policy_select.qualifier must be LATEST, a version id', 'got pro d'],
        id='bad-select-qualifier',
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(2) + [{'function_name': 'f03', 'max_async_retry_attempts': 9}]},
        REPORT,
        ['async_invoke_policy_functions[2].max_async_retry_attempts must be between 0 and 8; got 9'],
        id='out-of-range-in-item',
    ),
    pytest.param(
        {
            'async_invoke_policy_functions': fleet(1),
            'async_invoke_policy_defaults': {'max_async_event_age_in_seconds': 0},
        },
        REPORT,
        ['async_invoke_policy_defaults.max_async_event_age_in_seconds must be between 1 and 604800; got 0'],
        id='out-of-range-in-defaults',
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_concurrency': 65},
        REPORT,
        ['async_invoke_policy_concurrency must be between 1 and 64; got 65'],
        id='out-of-range-concurrency',
    ),
    pytest.param(
        {'async_invoke_policy_functions': fleet(2) + [{'function_name': 'f01'}]},
        REPORT,
        [
            "async_invoke_policy_functions[2] repeats function 'f01' qualifier LATEST of "
            "async_invoke_policy_functions[0]"
        ],
        id='duplicate-item',
    ),
    pytest.param(
        {
            'async_invoke_policy_functions': fleet(1),
            'async_invoke_policy_defaults': {'destination_config': {'on_failure': {'destination': BAD_ARN}}},
        },
        REPORT,
        ['async_invoke_policy_defaults.destination_config.on_failure.destination must be an ARN'],
        id='bad-default-destination',
    ),
]


@pytest.mark.parametrize('variables, failing_task, messages', BAD_VARIABLES)
def test_bad_variables_fail_before_any_request_naming_the_variable(
    emulator, tmp_path, variables, failing_task, messages
):
    emulator.seed({'functions': [{'name': 'f01'}, {'name': 'f02'}, {'name': 'f03'}]})
    emulator.clear_requests()
    result = run_playbook(tmp_path, role_playbook(emulator, variables))
    assert result.returncode != 0, result.stdout
    failed_task = result.stdout.split('fatal:', 1)[0].rsplit('TASK [', 1)[-1]
    assert failed_task.startswith('alicloud.fc.async_invoke_policy : ' + failing_task), result.stdout
    fatal = result.stdout.split('fatal:', 1)[1].split('\n', 1)[0]
    for message in messages:
        assert message in fatal, fatal
    # The role's words only: no option of the module, no dump of the argument spec, no stray separator.
    assert not re.search(r"(?<![\w.])(configs|defaults)[\[.']", fatal), fatal
    assert not re.search(r';"?\s*}?$', fatal), fatal
    if failing_task != SPEC:  # ansible-core's own check of the argument specs returns them with its failure
        assert 'argument_spec_data' not in fatal, fatal
    assert emulator.requests == []
    assert not (tmp_path / 'result.json').exists()


def seed_fleet(emulator, count, configs=()):
    emulator.seed(
        {
            'functions': [{'name': item['function_name']} for item in fleet(count)],
            'async_configs': [{'function_name': name, 'config': config} for name, config in configs],
        }
    )
    emulator.clear_requests()


def writes(emulator):
    """Every recorded request other than a read."""
    return [request for request in emulator.requests if request['method'] != 'GET']


POLICY = {
    'async_invoke_policy_defaults': {
        'max_async_retry_attempts': 1,
        'max_async_event_age_in_seconds': 600,
        'destination_config': {'on_failure': {'destination': DLQ}},
    },
    'async_invoke_policy_functions': fleet(19) + [{'function_name': 'f20', 'max_async_retry_attempts': 0}],
}


def run_failing_role(emulator, tmp_path, variables):
    """Run the role under ignore_errors, so that the play goes on and keeps what the role registered:
    returns that result and the line the console showed after ``fatal:``."""
    play = json.loads(role_playbook(emulator, variables))
    play[0]['roles'] = [{'role': 'alicloud.fc.async_invoke_policy', 'ignore_errors': True}]
    result = run_playbook(tmp_path, json.dumps(play))
    return result_of(result, tmp_path), result.stdout.split('fatal:', 1)[1].split('\n', 1)[0]


def test_a_failed_item_is_named_by_the_role_variable_and_kept_failed_in_the_result(emulator, tmp_path):
    seed_fleet(emulator, 2)
    outcome, fatal = run_failing_role(
        emulator,
        tmp_path,
        {
            'async_invoke_policy_functions': fleet(2) + [{'function_name': 'ghost'}],
            'async_invoke_policy_defaults': {'max_async_retry_attempts': 1},
        },
    )
    assert (
        "1 of 3 items failed (the other 2 succeeded). async_invoke_policy_functions[2] (function 'ghost' qualifier "
        "LATEST): Failed to read the async invoke config of function 'ghost'"
    ) in fatal, fatal
    assert outcome['failed'] is True and outcome['msg'].startswith('1 of 3 items failed'), outcome
    assert [entry['changed'] for entry in outcome['results']] == [True, True, False]
    assert sorted(config['function_name'] for config in emulator.state()['async_configs']) == ['f01', 'f02']


def test_applied_twice_to_20_functions_the_second_run_changes_and_writes_nothing(emulator, tmp_path):
    seed_fleet(emulator, 20)
    first = result_of(run_playbook(tmp_path, role_playbook(emulator, POLICY)), tmp_path)
    assert first['changed'] is True
    assert [entry['changed'] for entry in first['results']] == [True] * 20
    assert len(writes(emulator)) == 20
    stored = dict((config['function_name'], config['config']) for config in emulator.state()['async_configs'])
    assert sorted(stored) == ['f%02d' % number for number in range(1, 21)]
    assert [stored[name]['maxAsyncRetryAttempts'] for name in sorted(stored)] == [1] * 19 + [0]
    assert all(config['destinationConfig'] == {'onFailure': {'destination': DLQ}} for config in stored.values())

    emulator.clear_requests()
    second = result_of(run_playbook(tmp_path, role_playbook(emulator, POLICY)), tmp_path)
    assert second['changed'] is False
    assert [entry['changed'] for entry in second['results']] == [False] * 20
    assert writes(emulator) == []
    assert len(emulator.requests) <= 20


def test_check_mode_writes_nothing_and_reports_what_would_change(emulator, tmp_path):
    # f01 already has the policy, f02 differs, the others have no config; f03's config is to go.
    seed_fleet(
        emulator,
        20,
        configs=[
            (
                'f01',
                {
                    'maxAsyncRetryAttempts': 1,
                    'maxAsyncEventAgeInSeconds': 600,
                    'destinationConfig': {'onFailure': {'destination': DLQ}},
                },
            ),
            ('f02', {'maxAsyncRetryAttempts': 5, 'maxAsyncEventAgeInSeconds': 600}),
            ('f03', {'maxAsyncRetryAttempts': 2}),
        ],
    )
    before = emulator.state()
    variables = dict(
        POLICY,
        async_invoke_policy_functions=[
            {'function_name': 'f03', 'state': 'absent'} if item['function_name'] == 'f03' else item
            for item in POLICY['async_invoke_policy_functions']
        ],
    )
    result = run_playbook(tmp_path, role_playbook(emulator, variables, check_mode=True), extra_args=['--diff'])
    outcome = result_of(result, tmp_path)
    assert writes(emulator) == []
    assert emulator.state() == before
    assert outcome['changed'] is True
    changed = dict((entry['function_name'], entry) for entry in outcome['results'] if entry['changed'])
    assert sorted(changed) == ['f%02d' % number for number in range(2, 21)]
    assert changed['f02']['diff']['before']['max_async_retry_attempts'] == 5
    assert changed['f02']['async_invoke_config']['max_async_retry_attempts'] == 1
    assert changed['f03']['state'] == 'absent' and changed['f03']['async_invoke_config'] == {}
    assert changed['f20']['diff']['before'] == {}
    assert changed['f20']['async_invoke_config']['max_async_retry_attempts'] == 0
    assert len(outcome['diff']) == 19


EXAMPLE_DIR = os.path.join(COLLECTION_ROOT, 'examples', 'async_invoke_policy')
PAYMENTS_DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/payments-dlq/messages'


def run_example(emulator, tmp_path, *extra_args):
    """The example as its header says to run it, with the endpoint from the environment."""
    env = base_environment(tmp_path)
    env['ALIBABA_CLOUD_FC_ENDPOINT'] = emulator.url
    command = [
        os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
        '-i',
        os.path.join(EXAMPLE_DIR, 'inventory'),
        os.path.join(EXAMPLE_DIR, 'site.yml'),
    ] + list(extra_args)
    return subprocess.run(
        command,
        env=env,
        cwd=str(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=600,
        check=False,
    )


def test_example_applies_the_inventory_policy_then_changes_nothing(emulator, tmp_path):
    # The seed the example ships for the emulator: the functions its inventory names, a config of
    # the retired function and one of a qualifier the search team's purge removes.
    with open(os.path.join(EXAMPLE_DIR, 'seed.json'), encoding='utf-8') as handle:
        emulator.seed(json.load(handle))
    first = run_example(emulator, tmp_path, '--diff')
    assert first.returncode == 0, first.stdout
    stored = dict(
        ('%s:%s' % (config['function_name'], config['qualifier']), config['config'])
        for config in emulator.state()['async_configs']
    )
    assert sorted(stored) == [
        'checkout-api:LATEST',
        'checkout-worker:LATEST',
        'checkout-worker:prod',
        'indexer-build:LATEST',
        'indexer-build:prod',
        'refunds-api:LATEST',
        'refunds-worker:LATEST',
    ]
    payments = dict((key, config) for key, config in stored.items() if not key.startswith('indexer'))
    assert all(
        config['destinationConfig']['onFailure'] == {'destination': PAYMENTS_DLQ} for config in payments.values()
    )
    assert [payments[key]['maxAsyncRetryAttempts'] for key in sorted(payments)] == [2, 0, 0, 2, 2]
    assert stored['refunds-worker:LATEST']['maxAsyncEventAgeInSeconds'] == 7200
    assert stored['checkout-worker:prod']['destinationConfig']['onSuccess']['destination'].endswith(
        ':functions/checkout-receipts'
    )
    assert [
        (stored[key]['asyncTask'], stored[key]['maxAsyncRetryAttempts'])
        for key in ('indexer-build:LATEST', 'indexer-build:prod')
    ] == [(True, 0), (True, 0)]

    emulator.clear_requests()
    second = run_example(emulator, tmp_path)
    assert second.returncode == 0, second.stdout
    for host in ('checkout', 'refunds', 'indexer'):
        assert re.search(r'%s +: ok=\d+ +changed=0 +unreachable=0 +failed=0' % host, second.stdout), second.stdout
    # Nothing written: the absent item may cost a delete answered "not found" instead of a read.
    assert [(request['method'], request['function_name'], request['status']) for request in writes(emulator)] in (
        [],
        [('DELETE', 'refunds-batch', 404)],
    )
    assert len(emulator.requests) <= 7


# ---------------------------------------------------------------- selecting the fleet

SELECTED_POLICY = {
    'max_async_retry_attempts': 1,
    'max_async_event_age_in_seconds': 600,
    'destination_config': {'on_failure': {'destination': DLQ}},
}


def seed_mixed(emulator, configs=()):
    """12 orders-* functions (tagged team: payments when even) and 8 others, most also tagged payments."""
    functions = [
        {'name': 'orders-%02d' % number, 'tags': {'team': 'payments' if number % 2 == 0 else 'search'}}
        for number in range(12)
    ]
    functions += [{'name': 'billing-%02d' % number, 'tags': {'team': 'payments'}} for number in range(8)]
    emulator.seed(
        {
            'functions': functions,
            'async_configs': [{'function_name': name, 'config': config} for name, config in configs],
        }
    )
    emulator.clear_requests()


def stored_configs(emulator):
    return dict(
        (config['function_name'], config['config'])
        for config in emulator.state()['async_configs']
        if config['qualifier'] == 'LATEST'
    )


SELECTION = {
    'async_invoke_policy_select': {'prefix': 'orders-'},
    'async_invoke_policy_defaults': SELECTED_POLICY,
    'async_invoke_policy_functions': [
        {'function_name': 'orders-03', 'max_async_retry_attempts': 0, 'destination_config': {}}
    ],
}


def test_a_prefix_selection_with_one_exception_then_nothing_changes(emulator, tmp_path):
    seed_mixed(emulator)
    first = result_of(run_playbook(tmp_path, role_playbook(emulator, SELECTION)), tmp_path)
    assert first['changed'] is True
    assert first['selection'] == {'prefix': 'orders-'}
    assert first['matched'] == 12
    assert first['matched_functions'] == ['orders-%02d' % number for number in range(12)]
    # The explicit entry first, then each function matched that it does not name, once.
    assert [entry['function_name'] for entry in first['results']] == ['orders-03'] + [
        'orders-%02d' % number for number in range(12) if number != 3
    ]
    stored = stored_configs(emulator)
    assert sorted(stored) == ['orders-%02d' % number for number in range(12)]
    for name, config in stored.items():
        if name == 'orders-03':
            assert config['maxAsyncRetryAttempts'] == 0 and 'destinationConfig' not in config
        else:
            assert (config['maxAsyncRetryAttempts'], config['maxAsyncEventAgeInSeconds']) == (1, 600), name
            assert config['destinationConfig'] == {'onFailure': {'destination': DLQ}}, name
    touched = set(request['function_name'] for request in emulator.requests if request['function_name'])
    assert touched == set(stored), 'a function the selection did not match was sent a request'
    assert [r['query'].get('prefix') for r in emulator.requests if r['action'] == 'ListFunctions'] == ['orders-']

    emulator.clear_requests()
    second = result_of(run_playbook(tmp_path, role_playbook(emulator, SELECTION)), tmp_path)
    assert second['changed'] is False and second['matched'] == 12
    assert writes(emulator) == []
    assert len([r for r in emulator.requests if r['action'] != 'ListFunctions']) <= 12


def test_a_failed_item_the_selection_added_is_named_as_such(emulator, tmp_path):
    seed_mixed(emulator)
    emulator.add_fault(status=403, code='AccessDenied', count=10, function='orders-05', action='PutAsyncInvokeConfig')
    outcome, fatal = run_failing_role(emulator, tmp_path, SELECTION)
    # orders-05 is configs[5] of the module: the selection's, not async_invoke_policy_functions[5],
    # which does not exist.
    assert (
        "1 of 12 items failed (the other 11 succeeded). a function async_invoke_policy_select matched (function "
        "'orders-05' qualifier LATEST): Failed to create"
    ) in fatal, fatal
    assert 'configs[' not in fatal and 'async_invoke_policy_functions[5]' not in fatal
    assert outcome['failed'] is True and outcome['matched'] == 12


def test_a_tag_selection_on_an_alias_with_purge_touches_only_the_functions_it_manages(emulator, tmp_path):
    emulator.seed(
        {
            'functions': [
                {'name': 'pay-a', 'tags': {'team': 'payments'}, 'versions': 1, 'aliases': {'prod': '1'}},
                {'name': 'pay-b', 'tags': {'team': 'payments'}, 'versions': 1, 'aliases': {'prod': '1'}},
                {'name': 'other', 'versions': 1, 'aliases': {'prod': '1'}},
            ],
            'async_configs': [
                {'function_name': 'pay-a', 'config': {'maxAsyncRetryAttempts': 3}},
                {'function_name': 'other', 'config': {'maxAsyncRetryAttempts': 3}},
            ],
        }
    )
    emulator.clear_requests()
    variables = {
        'async_invoke_policy_select': {'tags': {'team': 'payments'}, 'qualifier': 'prod'},
        'async_invoke_policy_defaults': SELECTED_POLICY,
        'async_invoke_policy_purge': True,
    }
    outcome = result_of(run_playbook(tmp_path, role_playbook(emulator, variables)), tmp_path)
    assert outcome['matched'] == 2
    keys = sorted((c['function_name'], c['qualifier']) for c in emulator.state()['async_configs'])
    # pay-a's LATEST config is purged (the run manages pay-a); other's is not (it was not matched).
    assert keys == [('other', 'LATEST'), ('pay-a', 'prod'), ('pay-b', 'prod')]
    assert 'other' not in set(r['function_name'] for r in emulator.requests)


def test_a_version_given_as_a_number_still_meets_its_explicit_entry(emulator, tmp_path):
    emulator.seed(
        {'functions': [{'name': name, 'tags': {'team': 'payments'}, 'versions': 1} for name in ('pay-a', 'pay-b')]}
    )
    emulator.clear_requests()
    variables = {
        'async_invoke_policy_select': {'tags': {'team': 'payments'}, 'qualifier': 1},
        'async_invoke_policy_defaults': SELECTED_POLICY,
        'async_invoke_policy_functions': [{'function_name': 'pay-a', 'qualifier': '1', 'max_async_retry_attempts': 0}],
    }
    outcome = result_of(run_playbook(tmp_path, role_playbook(emulator, variables)), tmp_path)
    assert [(entry['function_name'], entry['qualifier']) for entry in outcome['results']] == [
        ('pay-a', '1'),
        ('pay-b', '1'),
    ]
    stored = dict((c['function_name'], c['config']) for c in emulator.state()['async_configs'] if c['qualifier'] == '1')
    assert (stored['pay-a']['maxAsyncRetryAttempts'], stored['pay-b']['maxAsyncRetryAttempts']) == (0, 1)


def test_a_selection_that_matches_nothing_is_ok_with_a_warning_and_writes_nothing(emulator, tmp_path):
    seed_mixed(emulator)
    variables = {'async_invoke_policy_select': {'prefix': 'nothing-'}, 'async_invoke_policy_defaults': SELECTED_POLICY}
    result = run_playbook(tmp_path, role_playbook(emulator, variables))
    outcome = result_of(result, tmp_path)
    role_output = result.stdout.split('TASK [Keep the result]', 1)[0]
    assert 'changed: [localhost]' not in role_output and 'fatal:' not in role_output, result.stdout
    assert 'TASK [alicloud.fc.async_invoke_policy : Apply the async invoke policy to the fleet]' in role_output
    assert "[WARNING]: No function of region cn-hangzhou matches prefix='nothing-'." in ' '.join(result.stdout.split())
    assert outcome['changed'] is False and outcome['matched'] == 0 and outcome['results'] == []
    assert [r['action'] for r in emulator.requests] == ['ListFunctions']


def test_check_and_diff_with_a_selection_write_nothing_and_show_every_change(emulator, tmp_path):
    seed_mixed(
        emulator,
        configs=[
            (
                'orders-00',
                {
                    'maxAsyncRetryAttempts': 1,
                    'maxAsyncEventAgeInSeconds': 600,
                    'destinationConfig': {'onFailure': {'destination': DLQ}},
                },
            ),
            ('orders-01', {'maxAsyncRetryAttempts': 5}),
        ],
    )
    before = emulator.state()
    variables = {
        'async_invoke_policy_select': {'prefix': 'orders-', 'tags': {'team': 'payments'}},
        'async_invoke_policy_defaults': SELECTED_POLICY,
    }
    result = run_playbook(tmp_path, role_playbook(emulator, variables, check_mode=True), extra_args=['--diff'])
    outcome = result_of(result, tmp_path)
    assert writes(emulator) == [] and emulator.state() == before
    # orders-01 (team search) is not matched; orders-00 already has the policy: the other 5 even ones change.
    assert outcome['matched_functions'] == ['orders-%02d' % number for number in range(0, 12, 2)]
    changed = [entry['function_name'] for entry in outcome['results'] if entry['changed']]
    assert changed == ['orders-%02d' % number for number in range(2, 12, 2)]
    assert len(outcome['diff']) == 5
    for name in changed:
        assert '+++ after: %s:LATEST' % name in result.stdout
    assert 'orders-01' not in set(r['function_name'] for r in emulator.requests)


SELECT_EXAMPLE_DIR = os.path.join(os.path.dirname(EXAMPLE_DIR), 'async_invoke_policy_select')
FLEET_GUIDE = os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', 'guide_fleets.rst')


def run_select_example(emulator, tmp_path, *extra_args):
    env = base_environment(tmp_path)
    env['ALIBABA_CLOUD_FC_ENDPOINT'] = emulator.url
    command = [
        os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
        '-i',
        os.path.join(SELECT_EXAMPLE_DIR, 'inventory'),
        os.path.join(SELECT_EXAMPLE_DIR, 'site.yml'),
    ]
    return subprocess.run(
        command + list(extra_args),
        env=env,
        cwd=str(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=600,
        check=False,
    )


def test_the_select_example_applies_the_team_policy_with_its_exception_then_changes_nothing(emulator, tmp_path):
    emulator.seed(
        {
            'functions': [
                {'name': name, 'tags': {'team': team}}
                for name, team in (
                    ('orders-api', 'payments'),
                    ('orders-charge', 'payments'),
                    ('orders-refund', 'payments'),
                    ('orders-search-sync', 'search'),
                    ('billing-api', 'payments'),
                )
            ]
        }
    )
    first = run_select_example(emulator, tmp_path, '--diff')
    assert first.returncode == 0, first.stdout
    assert '3 functions matched (orders-api, orders-charge, orders-refund)' in first.stdout
    # The module's one-line summary, passed on by the role.
    assert '3 created, 0 updated, 0 deleted, 0 unchanged, 0 failed' in first.stdout
    stored = stored_configs(emulator)
    assert sorted(stored) == ['orders-api', 'orders-charge', 'orders-refund']
    assert [stored[name]['maxAsyncRetryAttempts'] for name in sorted(stored)] == [2, 0, 2]
    assert all(
        config['maxAsyncEventAgeInSeconds'] == 3600
        and config['destinationConfig']['onFailure']['destination'] == PAYMENTS_DLQ
        for config in stored.values()
    )

    emulator.clear_requests()
    second = run_select_example(emulator, tmp_path)
    assert re.search(r'payments +: ok=\d+ +changed=0 +unreachable=0 +failed=0', second.stdout), second.stdout
    assert writes(emulator) == []
    assert '0 created, 0 updated, 0 deleted, 3 unchanged, 0 failed' in second.stdout
    assert set(r['function_name'] for r in emulator.requests) == {None, 'orders-api', 'orders-charge', 'orders-refund'}


def test_the_fleet_guide_shows_the_select_example_as_it_is():
    with open(os.path.join(SELECT_EXAMPLE_DIR, 'inventory', 'host_vars', 'payments.yml')) as handle:
        host_vars = handle.read()
    with open(FLEET_GUIDE) as handle:
        guide = handle.read()
    shown = '\n'.join(('   ' + line) if line else '' for line in host_vars.rstrip('\n').split('\n'))
    assert '.. code-block:: yaml\n\n' + shown + '\n\n' in guide
