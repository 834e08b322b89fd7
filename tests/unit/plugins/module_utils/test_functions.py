# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_functions.py without a request: the filter checks and the returned shape of a function, as tables."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._functions import (
    carries_tags,
    describe_filters,
    filter_errors,
    matching,
    service_filters,
    to_result,
)


@pytest.mark.parametrize(
    'params, expected',
    [
        ({}, []),
        (
            {
                'prefix': 'orders-',
                'tags': {'team': 'payments', 'tier': 1},
                'name_regex': '^a',
                'runtime': 'python3.10',
                'resource_group_id': 'rg-1',
                'fc_version': 'v3',
            },
            [],
        ),
        ({'tags': {'team': ''}}, []),
        ({'prefix': ''}, ['prefix must not be empty (leave it out to not filter by it)']),
        ({'prefix': '  '}, ['prefix must not be empty (leave it out to not filter by it)']),
        ({'runtime': ''}, ['runtime must not be empty (leave it out to not filter by it)']),
        (
            {'resource_group_id': '', 'fc_version': ''},
            [
                'resource_group_id must not be empty (leave it out to not filter by it)',
                'fc_version must not be empty (leave it out to not filter by it)',
            ],
        ),
        ({'name_regex': ''}, ['name_regex must not be empty (leave it out to not filter by it)']),
        (
            {'name_regex': 'orders-(['},
            ["name_regex is not a valid regular expression: unterminated character set at position 8 ('orders-([')"],
        ),
        ({'tags': {}}, ['tags must name at least one tag (leave it out to not filter by tags)']),
        ({'tags': {'': 'payments'}}, ['tags has an empty key; a tag key must not be empty']),
        ({'tags': {'team': None}}, ['tags.team must be a string (a tag value), got None']),
        ({'tags': {'team': True}}, ['tags.team must be a string (a tag value), got True']),
        ({'tags': {'team': ['a']}}, ["tags.team must be a string (a tag value), got ['a']"]),
    ],
)
def test_filter_errors_name_the_option(params, expected):
    assert filter_errors(params) == expected


def test_filter_errors_put_the_prefix_before_the_name():
    assert filter_errors({'prefix': '', 'tags': {'': 'x'}}, 'async_invoke_policy_select.') == [
        'async_invoke_policy_select.prefix must not be empty (leave it out to not filter by it)',
        'async_invoke_policy_select.tags has an empty key; a tag key must not be empty',
    ]


def test_service_filters_leave_out_name_regex_and_send_tag_values_as_text():
    assert service_filters({'prefix': 'a', 'name_regex': 'x', 'tags': {'tier': 1, 'team': 'p'}}) == {
        'prefix': 'a',
        'tags': {'tier': '1', 'team': 'p'},
        'runtime': None,
        'resource_group_id': None,
        'fc_version': None,
    }


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


def test_describe_filters():
    assert (
        describe_filters({'prefix': 'orders-', 'tags': {'team': 'payments'}, 'runtime': None})
        == "prefix='orders-', tags={'team': 'payments'}"
    )
    assert describe_filters({}) == 'no filter'
