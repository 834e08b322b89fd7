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

from harness import base_environment, result_of, run_playbook

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
        'post_tasks': [{'name': 'Keep the result', 'ansible.builtin.copy': {
            'content': '{{ async_invoke_policy_result | to_json }}', 'dest': '{{ playbook_dir }}/result.json', 'mode': '0600'},
            'check_mode': False}],
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

BAD_VARIABLES = [
    pytest.param({'async_invoke_policy_functions': [{'function_name': 'f01', 'max_retries': 2}]},
                 REPORT, ['Unsupported parameters in the role alicloud.fc.async_invoke_policy: '
                          'async_invoke_policy_functions.max_retries', 'Supported parameters include'], id='unknown-item-key'),
    pytest.param({'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_defaults': {'retry': 1}},
                 REPORT, ['async_invoke_policy_defaults.retry', 'Supported parameters include'], id='unknown-defaults-key'),
    pytest.param({'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_purg': True},
                 UNKNOWN, ['Unknown variable(s) async_invoke_policy_purg;'], id='unknown-variable'),
    pytest.param({'async_invoke_policy_functions': [{'function_name': 'f01', 'max_async_retry_attempts': 'many'}]},
                 REPORT, ["argument 'max_async_retry_attempts' is of type", "found in 'async_invoke_policy_functions'"],
                 id='wrong-type-in-item'),
    pytest.param({'async_invoke_policy_functions': {'function_name': 'f01'}},
                 SPEC, ["argument 'async_invoke_policy_functions' is of type"], id='wrong-type-of-list'),
    pytest.param({'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_purge': 'sometimes'},
                 SPEC, ["argument 'async_invoke_policy_purge' is of type"], id='wrong-type-of-purge'),
    pytest.param({'async_invoke_policy_functions': [{'function_name': 'f01', 'state': 'gone'}]},
                 REPORT, ['value of state must be one of: present, absent, got: gone', 'async_invoke_policy_functions'],
                 id='bad-choice'),
    pytest.param({'async_invoke_policy_functions': [{'qualifier': 'prod'}]},
                 REPORT, ['missing required arguments: function_name', 'async_invoke_policy_functions'],
                 id='missing-function-name'),
    pytest.param({}, SPEC, ['missing required arguments: async_invoke_policy_functions'], id='missing-functions'),
    pytest.param({'async_invoke_policy_functions': fleet(2) + [{'function_name': 'f03', 'max_async_retry_attempts': 9}]},
                 REPORT, ['async_invoke_policy_functions[2].max_async_retry_attempts must be between 0 and 8; got 9'],
                 id='out-of-range-in-item'),
    pytest.param({'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_defaults': {'max_async_event_age_in_seconds': 0}},
                 REPORT, ['async_invoke_policy_defaults.max_async_event_age_in_seconds must be between 1 and 604800; got 0'],
                 id='out-of-range-in-defaults'),
    pytest.param({'async_invoke_policy_functions': fleet(1), 'async_invoke_policy_concurrency': 65},
                 REPORT, ['async_invoke_policy_concurrency must be between 1 and 64; got 65'], id='out-of-range-concurrency'),
    pytest.param({'async_invoke_policy_functions': fleet(2) + [{'function_name': 'f01'}]},
                 REPORT, ["async_invoke_policy_functions[2] repeats function 'f01' qualifier LATEST of "
                          "async_invoke_policy_functions[0]"], id='duplicate-item'),
    pytest.param({'async_invoke_policy_functions': fleet(1),
                  'async_invoke_policy_defaults': {'destination_config': {'on_failure': {'destination': BAD_ARN}}}},
                 REPORT, ['async_invoke_policy_defaults.destination_config.on_failure.destination must be an ARN'],
                 id='bad-default-destination'),
]


@pytest.mark.parametrize('variables, failing_task, messages', BAD_VARIABLES)
def test_bad_variables_fail_before_any_request_naming_the_variable(emulator, tmp_path, variables, failing_task, messages):
    emulator.seed({'functions': [{'name': 'f01'}, {'name': 'f02'}, {'name': 'f03'}]})
    emulator.clear_requests()
    result = run_playbook(tmp_path, role_playbook(emulator, variables), emulator)
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
    emulator.seed({'functions': [{'name': item['function_name']} for item in fleet(count)],
                   'async_configs': [{'function_name': name, 'config': config} for name, config in configs]})
    emulator.clear_requests()


def writes(emulator):
    """Every recorded request other than a read."""
    return [request for request in emulator.requests if request['method'] != 'GET']


POLICY = {
    'async_invoke_policy_defaults': {'max_async_retry_attempts': 1, 'max_async_event_age_in_seconds': 600,
                                     'destination_config': {'on_failure': {'destination': DLQ}}},
    'async_invoke_policy_functions': fleet(19) + [{'function_name': 'f20', 'max_async_retry_attempts': 0}],
}


def test_a_failed_item_is_named_by_the_role_variable_and_kept_failed_in_the_result(emulator, tmp_path):
    seed_fleet(emulator, 2)
    play = json.loads(role_playbook(emulator, {'async_invoke_policy_functions': fleet(2) + [{'function_name': 'ghost'}],
                                               'async_invoke_policy_defaults': {'max_async_retry_attempts': 1}}))
    # The role under ignore_errors, so that the play goes on and keeps what the role registered.
    play[0]['roles'] = [{'role': 'alicloud.fc.async_invoke_policy', 'ignore_errors': True}]
    result = run_playbook(tmp_path, json.dumps(play), emulator)
    outcome = result_of(result, tmp_path)
    fatal = result.stdout.split('fatal:', 1)[1].split('\n', 1)[0]
    assert ("1 of 3 items failed (the other 2 succeeded). async_invoke_policy_functions[2] (function 'ghost', qualifier "
            "LATEST): Failed to read the async invoke config of function 'ghost'") in fatal, fatal
    assert outcome['failed'] is True and outcome['msg'].startswith('1 of 3 items failed'), outcome
    assert [entry['changed'] for entry in outcome['results']] == [True, True, False]
    assert sorted(config['function_name'] for config in emulator.state()['async_configs']) == ['f01', 'f02']


def test_applied_twice_to_20_functions_the_second_run_changes_and_writes_nothing(emulator, tmp_path):
    seed_fleet(emulator, 20)
    first = result_of(run_playbook(tmp_path, role_playbook(emulator, POLICY), emulator), tmp_path)
    assert first['changed'] is True
    assert [entry['changed'] for entry in first['results']] == [True] * 20
    assert len(writes(emulator)) == 20
    stored = dict((config['function_name'], config['config']) for config in emulator.state()['async_configs'])
    assert sorted(stored) == ['f%02d' % number for number in range(1, 21)]
    assert [stored[name]['maxAsyncRetryAttempts'] for name in sorted(stored)] == [1] * 19 + [0]
    assert all(config['destinationConfig'] == {'onFailure': {'destination': DLQ}} for config in stored.values())

    emulator.clear_requests()
    second = result_of(run_playbook(tmp_path, role_playbook(emulator, POLICY), emulator), tmp_path)
    assert second['changed'] is False
    assert [entry['changed'] for entry in second['results']] == [False] * 20
    assert writes(emulator) == []
    assert len(emulator.requests) <= 20


def test_check_mode_writes_nothing_and_reports_what_would_change(emulator, tmp_path):
    # f01 already has the policy, f02 differs, the others have no config; f03's config is to go.
    seed_fleet(emulator, 20, configs=[
        ('f01', {'maxAsyncRetryAttempts': 1, 'maxAsyncEventAgeInSeconds': 600, 'destinationConfig': {'onFailure': {'destination': DLQ}}}),
        ('f02', {'maxAsyncRetryAttempts': 5, 'maxAsyncEventAgeInSeconds': 600}),
        ('f03', {'maxAsyncRetryAttempts': 2}),
    ])
    before = emulator.state()
    variables = dict(POLICY, async_invoke_policy_functions=[
        {'function_name': 'f03', 'state': 'absent'} if item['function_name'] == 'f03' else item
        for item in POLICY['async_invoke_policy_functions']])
    result = run_playbook(tmp_path, role_playbook(emulator, variables, check_mode=True), emulator, extra_args=['--diff'])
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


EXAMPLE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           'examples', 'async_invoke_policy')
PAYMENTS_DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/payments-dlq/messages'


def run_example(emulator, tmp_path, *extra_args):
    """The example as its header says to run it, with the endpoint from the environment."""
    env = base_environment(emulator)
    env['ALIBABA_CLOUD_FC_ENDPOINT'] = emulator.url
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
               '-i', os.path.join(EXAMPLE_DIR, 'inventory'), os.path.join(EXAMPLE_DIR, 'site.yml')] + list(extra_args)
    return subprocess.run(command, env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=600, check=False)


def test_example_applies_the_inventory_policy_then_changes_nothing(emulator, tmp_path):
    # The seed the example ships for the emulator: the functions its inventory names, a config of
    # the retired function and one of a qualifier the search team's purge removes.
    with open(os.path.join(EXAMPLE_DIR, 'seed.json'), encoding='utf-8') as handle:
        emulator.seed(json.load(handle))
    first = run_example(emulator, tmp_path, '--diff')
    assert first.returncode == 0, first.stdout
    stored = dict(('%s:%s' % (config['function_name'], config['qualifier']), config['config'])
                  for config in emulator.state()['async_configs'])
    assert sorted(stored) == ['checkout-api:LATEST', 'checkout-worker:LATEST', 'checkout-worker:prod',
                              'indexer-build:LATEST', 'indexer-build:prod', 'refunds-api:LATEST', 'refunds-worker:LATEST']
    payments = dict((key, config) for key, config in stored.items() if not key.startswith('indexer'))
    assert all(config['destinationConfig']['onFailure'] == {'destination': PAYMENTS_DLQ} for config in payments.values())
    assert [payments[key]['maxAsyncRetryAttempts'] for key in sorted(payments)] == [2, 0, 0, 2, 2]
    assert stored['refunds-worker:LATEST']['maxAsyncEventAgeInSeconds'] == 7200
    assert stored['checkout-worker:prod']['destinationConfig']['onSuccess']['destination'].endswith(':functions/checkout-receipts')
    assert [(stored[key]['asyncTask'], stored[key]['maxAsyncRetryAttempts']) for key in ('indexer-build:LATEST', 'indexer-build:prod')] \
        == [(True, 0), (True, 0)]

    emulator.clear_requests()
    second = run_example(emulator, tmp_path)
    assert second.returncode == 0, second.stdout
    for host in ('checkout', 'refunds', 'indexer'):
        assert re.search(r'%s +: ok=\d+ +changed=0 +unreachable=0 +failed=0' % host, second.stdout), second.stdout
    # Nothing written: the absent item may cost a delete answered "not found" instead of a read.
    assert [(request['method'], request['function_name'], request['status']) for request in writes(emulator)] \
        in ([], [('DELETE', 'refunds-batch', 404)])
    assert len(emulator.requests) <= 7
