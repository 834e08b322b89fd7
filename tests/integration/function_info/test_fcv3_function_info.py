# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fcv3_function_info run by ansible-playbook from the installed collection, against the emulator:
every filter alone and combined returns exactly the matching set, over several pages; the module's
EXAMPLES select what they say. What each filter, the returned shape, a failure and check mode are is
owned by tests/emulated/plugins/modules/test_fcv3_function_info.py (main() in process)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import yaml

from harness import run_playbook

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


# The module's end-to-end witness on every lane (no ansible-test target runs it): ten tasks in one play.
@pytest.mark.every_lane
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
