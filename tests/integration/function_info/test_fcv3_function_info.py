# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fcv3_function_info run by ansible-playbook from the installed collection, against the emulator:
every filter alone and combined returns exactly the matching set, over several pages; bad filters
fail before any request; the module's EXAMPLES run as written."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from clean_env import clean_environment
from harness import result_of, run_playbook, task_playbook

PREFIXES = ('orders-', 'billing-', 'search-')
TEAMS = ('payments', 'search', 'data')


def fleet_of_250():
    """250 functions with mixed prefixes, tags, runtimes and resource groups; a pure function of the index."""
    functions = []
    for number in range(250):
        tags = {'team': TEAMS[number % 3]}
        if number % 4 == 0:
            tags['env'] = 'prod'
        if number % 10 == 0:
            tags = {}
        functions.append(
            {
                'name': '%sf%03d' % (PREFIXES[number % 3 if number % 7 else 0], number),
                'runtime': 'nodejs18' if number % 5 == 0 else 'python3.10',
                'tags': tags,
                'resource_group_id': 'rg-b' if number % 6 == 0 else 'rg-a',
            }
        )
    return functions


FLEET = fleet_of_250()


def expected(prefix=None, tags=None, runtime=None, resource_group_id=None, name_regex=None, fc_version=None):
    """The names the filters should select, computed from the seed data alone."""
    del fc_version  # every emulated function is an FC 3.0 one
    names = []
    for function in FLEET:
        if prefix is not None and not function['name'].startswith(prefix):
            continue
        if tags is not None and any(function['tags'].get(key) != value for key, value in tags.items()):
            continue
        if runtime is not None and function['runtime'] != runtime:
            continue
        if resource_group_id is not None and function['resource_group_id'] != resource_group_id:
            continue
        if name_regex is not None and not re.search(name_regex, function['name']):
            continue
        names.append(function['name'])
    return sorted(names)


CASES = [
    {},
    {'prefix': 'orders-'},
    {'tags': {'team': 'payments'}},
    {'tags': {'team': 'payments', 'env': 'prod'}},
    {'runtime': 'nodejs18'},
    {'resource_group_id': 'rg-b'},
    {'name_regex': '7'},
    {'name_regex': 'f1.0$'},
    {'fc_version': 'v3'},
    {
        'prefix': 'orders-',
        'tags': {'team': 'search'},
        'runtime': 'python3.10',
        'resource_group_id': 'rg-a',
        'name_regex': '[02468]$',
        'fc_version': 'v3',
    },
]


def seed(emulator):
    emulator.seed({'functions': FLEET})
    emulator.clear_requests()


def run_cases(emulator, tmp_path, cases):
    """One play, one task per case; returns the registered results in case order."""
    play = [
        {
            'name': 'Find functions',
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'module_defaults': {'group/alicloud.fc.fcv3': {'region': emulator.region, 'endpoint': emulator.url}},
            'tasks': [
                {'name': 'Case %d' % index, 'alicloud.fc.fcv3_function_info': case, 'register': 'case_%d' % index}
                for index, case in enumerate(cases)
            ]
            + [
                {
                    'name': 'Keep the results',
                    'ansible.builtin.copy': {
                        'content': '{{ [%s] | to_json }}' % ', '.join('case_%d' % index for index in range(len(cases))),
                        'dest': '{{ playbook_dir }}/results.json',
                        'mode': '0600',
                    },
                }
            ],
        }
    ]
    result = run_playbook(tmp_path, json.dumps(play))
    assert result.returncode == 0, result.stdout
    return json.loads((tmp_path / 'results.json').read_text()), result.stdout


def test_each_filter_alone_and_combined_returns_exactly_the_matching_set(emulator, tmp_path):
    seed(emulator)
    results, _output = run_cases(emulator, tmp_path, CASES)
    for case, result in zip(CASES, results):
        names = [function['function_name'] for function in result['functions']]
        assert names == expected(**case), case
        assert result['changed'] is False
    # The first case (no filter) lists 250 functions: three pages of at most 100.
    requests = emulator.requests
    assert [r['action'] for r in requests] == ['ListFunctions'] * len(requests)
    first = [r['query'] for r in requests[:4]]
    assert [set(query) for query in first] == [
        {'limit'},
        {'limit', 'nextToken'},
        {'limit', 'nextToken'},
        {'prefix', 'limit'},
    ]
    assert [query['limit'] for query in first] == ['100'] * 4
    # The service's filters are sent to it; name_regex is not.
    combined = [r['query'] for r in requests if 'fcVersion' in r['query'] and 'prefix' in r['query']]
    assert combined == [
        {
            'prefix': 'orders-',
            'tags': '[{"Key":"team","Value":"search"}]',
            'runtime': 'python3.10',
            'resourceGroupId': 'rg-a',
            'fcVersion': 'v3',
            'limit': '100',
        }
    ]


def test_returned_shape(emulator, tmp_path):
    seed(emulator)
    results, _output = run_cases(emulator, tmp_path, [{'prefix': 'orders-f003'}, {'prefix': 'billing-f010'}])
    function = results[0]['functions'][0]
    assert set(function) == {
        'function_name',
        'function_arn',
        'function_id',
        'runtime',
        'description',
        'tags',
        'resource_group_id',
        'created_time',
        'last_modified_time',
    }
    assert function['function_arn'] == 'acs:fc:cn-hangzhou:1234567890123456:functions/orders-f003'
    assert (function['runtime'], function['tags'], function['resource_group_id']) == (
        'python3.10',
        {'team': 'payments'},
        'rg-a',
    )
    assert results[1]['functions'][0]['tags'] == {}


def test_nothing_found_is_an_empty_list_with_a_warning(emulator, tmp_path):
    seed(emulator)
    results, output = run_cases(emulator, tmp_path, [{'prefix': 'nothing-', 'tags': {'team': 'payments'}}])
    assert results[0]['functions'] == [] and results[0]['changed'] is False
    # ansible-core 2.16 wraps a long warning over lines.
    assert "No function of region cn-hangzhou matches prefix='nothing-', tags={'team': 'payments'}." in ' '.join(
        output.split()
    )


def test_an_empty_region_without_filters_is_an_empty_list_without_a_warning(emulator, tmp_path):
    results, output = run_cases(emulator, tmp_path, [{}])
    assert results[0]['functions'] == []
    assert '[WARNING]' not in output


@pytest.mark.parametrize(
    'options, message',
    [
        ({'prefix': ''}, 'prefix must not be empty'),
        ({'tags': {'': 'payments'}}, 'tags has an empty key; a tag key must not be empty'),
        ({'tags': {}}, 'tags must name at least one tag'),
        ({'name_regex': 'orders-(['}, 'name_regex is not a valid regular expression'),
        ({'runtime': ''}, 'runtime must not be empty'),
    ],
)
def test_invalid_filters_fail_before_any_request_naming_the_option(emulator, tmp_path, options, message):
    seed(emulator)
    outcome = result_of(
        run_playbook(tmp_path, task_playbook(emulator, {'alicloud.fc.fcv3_function_info': options})), tmp_path
    )
    assert outcome['failed'] is True
    assert message in outcome['msg']
    assert emulator.requests == []


def test_an_api_error_names_what_was_being_done(emulator, tmp_path):
    seed(emulator)
    emulator.add_fault(status=403, code='AccessDenied', action='ListFunctions', message='not allowed')
    outcome = result_of(
        run_playbook(tmp_path, task_playbook(emulator, {'alicloud.fc.fcv3_function_info': {'prefix': 'orders-'}})),
        tmp_path,
    )
    assert outcome['failed'] is True
    assert "list the functions of region cn-hangzhou (prefix='orders-')" in outcome['msg']
    assert outcome['error']['code'] == 'AccessDenied'


def test_check_mode_returns_the_same(emulator, tmp_path):
    seed(emulator)
    play = json.loads(task_playbook(emulator, {'alicloud.fc.fcv3_function_info': {'prefix': 'billing-'}}))
    play[0]['check_mode'] = True
    outcome = result_of(run_playbook(tmp_path, json.dumps(play)), tmp_path)
    assert [f['function_name'] for f in outcome['functions']] == expected(prefix='billing-')


def test_the_examples_run_as_written(emulator, tmp_path):
    """Each task of EXAMPLES in one play, as written: the endpoint comes from the environment, as the
    examples say."""
    from ansible_collections.alicloud.fc.plugins.modules import fcv3_function_info  # pylint: disable=import-outside-toplevel

    emulator.seed(
        {
            'functions': [
                {'name': 'orders-api', 'tags': {'team': 'payments'}},
                {'name': 'image-worker', 'resource_group_id': 'rg-acfm2example', 'tags': {'dlq': 'yes'}},
            ]
        }
    )
    tasks = yaml.safe_load(fcv3_function_info.EXAMPLES)
    play = [
        {
            'name': 'The examples',
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'tasks': tasks
            + [
                {
                    'name': 'Keep what they found',
                    'ansible.builtin.copy': {
                        'content': '{{ [payments_functions, workers, group_functions] | to_json }}',
                        'dest': '{{ playbook_dir }}/results.json',
                        'mode': '0600',
                    },
                }
            ],
        }
    ]
    result = run_playbook(tmp_path, json.dumps(play), env_overrides={'ALIBABA_CLOUD_FC_ENDPOINT': emulator.url})
    assert result.returncode == 0, result.stdout
    payments, workers, group = json.loads((tmp_path / 'results.json').read_text())
    assert [f['function_name'] for f in payments['functions']] == ['orders-api']
    assert [f['function_name'] for f in workers['functions']] == ['image-worker']
    assert [f['function_name'] for f in group['functions']] == ['image-worker']
    shown = result.stdout.split('TASK [The ones tagged for the dead-letter queue]', 1)[1].split('PLAY RECAP', 1)[0]
    assert 'image-worker' in shown and 'orders-api' not in shown


def test_ansible_doc_renders_the_module(tmp_path):
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), 'alicloud.fc.fcv3_function_info']
    result = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
        cwd=str(tmp_path),
        env=clean_environment(tmp_path),
    )
    assert result.returncode == 0, result.stdout
    for text in (
        'prefix',
        'name_regex',
        'tags',
        'fc_version',
        'functions',
        'group/alicloud.fc.fcv3',
        'alibabacloud-fc20230330 >= 4.7.0',
    ):
        assert text in result.stdout, text
