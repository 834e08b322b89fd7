# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_functions/shape.py: a listed function in the returned shape, and the filtering left to the client, as tables."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._functions.shape import carries_tags, matching, to_result


def test_to_result_is_snake_case_with_tags_as_a_dict_and_leaves_out_what_was_not_returned():
    api = {
        'functionName': 'f1',
        'functionArn': 'acs:fc:cn-hangzhou:1:functions/f1',
        'functionId': 'id-1',
        'runtime': 'python3.10',
        'description': '',
        'resourceGroupId': 'rg-1',
        'createdTime': 't0',
        'lastModifiedTime': 't1',
        'state': 'Active',
        'stateReason': None,
        'tags': [{'Key': 'team', 'Value': 'payments'}, {'Key': 'flag'}],
        'environmentVariables': {'DB_PASSWORD': 'secret'},
        'handler': 'index.handler',
    }
    assert to_result(api) == {
        'function_name': 'f1',
        'function_arn': 'acs:fc:cn-hangzhou:1:functions/f1',
        'function_id': 'id-1',
        'runtime': 'python3.10',
        'description': '',
        'resource_group_id': 'rg-1',
        'created_time': 't0',
        'last_modified_time': 't1',
        'state': 'Active',
        'tags': {'team': 'payments', 'flag': ''},
    }
    assert to_result({'functionName': 'f2'}) == {'function_name': 'f2', 'tags': {}}


def test_name_regex_is_searched_as_terraform_does_not_matched_whole():
    functions = [{'function_name': name} for name in ('orders-api', 'legacy-orders', 'billing', 'orders-worker')]
    assert [f['function_name'] for f in matching(functions, 'orders')] == [
        'orders-api',
        'legacy-orders',
        'orders-worker',
    ]
    assert [f['function_name'] for f in matching(functions, '^orders-')] == ['orders-api', 'orders-worker']
    assert [f['function_name'] for f in matching(functions, 'er$')] == ['orders-worker']
    assert matching(functions, None) == functions


@pytest.mark.parametrize(
    'function_tags, expected',
    [
        ({'team': 'payments', 'env': 'prod'}, True),
        ({'team': 'payments'}, False),
        ({'team': 'search', 'env': 'prod'}, False),
        ({}, True),
    ],
)
def test_a_listed_function_whose_tags_miss_a_pair_is_dropped_one_listed_without_tags_kept(function_tags, expected):
    assert carries_tags({'function_name': 'f', 'tags': function_tags}, {'team': 'payments', 'env': 'prod'}) is expected
    assert carries_tags({'function_name': 'f', 'tags': function_tags}, None) is True
