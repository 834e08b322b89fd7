# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""extensions/audit/event_query.yml: each query, run with jq (as Automation Platform runs it) over the result of a
real run of its module against the emulator, yields one node per config the task managed, identified by its
function ARN; a removed config yields none."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import subprocess

import yaml

from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_config as config_module
from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_configs as batch_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
QUERIES = os.path.join(ROOT, 'extensions', 'audit', 'event_query.yml')


def nodes(module_name, result):
    """What the query of ``module_name`` yields for ``result``, through the jq command."""
    with open(QUERIES, encoding='utf-8') as handle:
        query = yaml.safe_load(handle)[module_name]['query']
    jq = shutil.which('jq')
    assert jq, 'the jq command is needed to check the indirect node counting queries'
    answer = subprocess.run(
        [jq, '-c', query], input=json.dumps(result), capture_output=True, text=True, check=True, timeout=30
    )
    return [json.loads(line) for line in answer.stdout.splitlines()]


def test_there_is_one_query_per_module_that_manages_configs():
    with open(QUERIES, encoding='utf-8') as handle:
        assert sorted(yaml.safe_load(handle)) == [
            'alicloud.fc.fcv3_async_invoke_config',
            'alicloud.fc.fcv3_async_invoke_configs',
        ]


def test_the_single_module_counts_the_config_it_manages(emulator, run_module, connection):
    emulator.seed({'functions': [{'name': 'f1', 'versions': 1, 'aliases': {'prod': '1'}}]})
    run = run_module(config_module, dict(connection, function_name='f1', qualifier='prod', max_async_retry_attempts=1))
    assert run.exit_code == 0, run
    arn = run.result['async_invoke_config']['function_arn']
    [node] = nodes('alicloud.fc.fcv3_async_invoke_config', run.result)
    assert node['name'] == 'f1:prod'
    assert node['canonical_facts'] == {'id': arn, 'name': 'f1', 'qualifier': 'prod'}
    assert node['facts']['device_type'] == 'Function Compute async invoke config'
    removed = run_module(config_module, dict(connection, function_name='f1', qualifier='prod', state='absent'))
    assert removed.result['changed'] is True and nodes('alicloud.fc.fcv3_async_invoke_config', removed.result) == []


def test_the_batch_module_counts_every_config_it_manages(emulator, run_module, connection):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}, {'name': 'f2'}, {'name': 'f3'}],
            'async_configs': [{'function_name': 'f3', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    configs = [
        dict(function_name='f1', max_async_retry_attempts=1),
        dict(function_name='f2', max_async_retry_attempts=1),
        dict(function_name='f3', state='absent'),
    ]
    run = run_module(batch_module, dict(connection, configs=configs))
    assert run.exit_code == 0, run
    found = nodes('alicloud.fc.fcv3_async_invoke_configs', run.result)
    assert [node['canonical_facts']['id'] for node in found] == [
        item['async_invoke_config']['function_arn'] for item in run.result['results'][:2]
    ]
    assert [node['name'] for node in found] == ['f1:LATEST', 'f2:LATEST']
