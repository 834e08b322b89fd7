# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/functions.py: the filter checks and the returned shape as tables, and the ListFunctions
call against the emulator through the real SDK (every page, the filters as the service gets them)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.client import ConnectionSettings, FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils.errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils.functions import (
    carries_tags,
    describe_filters,
    filter_errors,
    find_functions,
    matching,
    service_filters,
    to_result,
)


@pytest.mark.parametrize('params, expected', [
    ({}, []),
    ({'prefix': 'orders-', 'tags': {'team': 'payments', 'tier': 1}, 'name_regex': '^a', 'runtime': 'python3.10',
      'resource_group_id': 'rg-1', 'fc_version': 'v3'}, []),
    ({'tags': {'team': ''}}, []),
    ({'prefix': ''}, ['prefix must not be empty (leave it out to not filter by it)']),
    ({'prefix': '  '}, ['prefix must not be empty (leave it out to not filter by it)']),
    ({'runtime': ''}, ['runtime must not be empty (leave it out to not filter by it)']),
    ({'resource_group_id': '', 'fc_version': ''}, ['resource_group_id must not be empty (leave it out to not filter by it)',
                                                   'fc_version must not be empty (leave it out to not filter by it)']),
    ({'name_regex': ''}, ['name_regex must not be empty (leave it out to not filter by it)']),
    ({'name_regex': 'orders-(['}, ["name_regex is not a valid regular expression: unterminated character set at "
                                   "position 8 ('orders-([')"]),
    ({'tags': {}}, ['tags must name at least one tag (leave it out to not filter by tags)']),
    ({'tags': {'': 'payments'}}, ['tags has an empty key; a tag key must not be empty']),
    ({'tags': {'team': None}}, ['tags.team must be a string (a tag value), got None']),
    ({'tags': {'team': True}}, ['tags.team must be a string (a tag value), got True']),
    ({'tags': {'team': ['a']}}, ["tags.team must be a string (a tag value), got ['a']"]),
])
def test_filter_errors_name_the_option(params, expected):
    assert filter_errors(params) == expected


def test_filter_errors_put_the_prefix_before_the_name():
    assert filter_errors({'prefix': '', 'tags': {'': 'x'}}, 'async_invoke_policy_select.') == [
        'async_invoke_policy_select.prefix must not be empty (leave it out to not filter by it)',
        'async_invoke_policy_select.tags has an empty key; a tag key must not be empty']


def test_service_filters_leave_out_name_regex_and_send_tag_values_as_text():
    assert service_filters({'prefix': 'a', 'name_regex': 'x', 'tags': {'tier': 1, 'team': 'p'}}) == {
        'prefix': 'a', 'tags': {'tier': '1', 'team': 'p'}, 'runtime': None, 'resource_group_id': None, 'fc_version': None}


def test_to_result_is_snake_case_with_tags_as_a_dict_and_leaves_out_what_was_not_returned():
    api = {'functionName': 'f1', 'functionArn': 'acs:fc:cn-hangzhou:1:functions/f1', 'functionId': 'id-1',
           'runtime': 'python3.10', 'description': '', 'resourceGroupId': 'rg-1', 'createdTime': 't0',
           'lastModifiedTime': 't1', 'state': 'Active', 'stateReason': None,
           'tags': [{'Key': 'team', 'Value': 'payments'}, {'Key': 'flag'}],
           'environmentVariables': {'DB_PASSWORD': 'secret'}, 'handler': 'index.handler'}
    assert to_result(api) == {
        'function_name': 'f1', 'function_arn': 'acs:fc:cn-hangzhou:1:functions/f1', 'function_id': 'id-1',
        'runtime': 'python3.10', 'description': '', 'resource_group_id': 'rg-1', 'created_time': 't0',
        'last_modified_time': 't1', 'state': 'Active', 'tags': {'team': 'payments', 'flag': ''}}
    assert to_result({'functionName': 'f2'}) == {'function_name': 'f2', 'tags': {}}


def test_name_regex_is_searched_as_terraform_does_not_matched_whole():
    functions = [{'function_name': name} for name in ('orders-api', 'legacy-orders', 'billing', 'orders-worker')]
    assert [f['function_name'] for f in matching(functions, 'orders')] == ['orders-api', 'legacy-orders', 'orders-worker']
    assert [f['function_name'] for f in matching(functions, '^orders-')] == ['orders-api', 'orders-worker']
    assert [f['function_name'] for f in matching(functions, 'er$')] == ['orders-worker']
    assert matching(functions, None) == functions


@pytest.mark.parametrize('function_tags, expected', [
    ({'team': 'payments', 'env': 'prod'}, True),
    ({'team': 'payments'}, False),
    ({'team': 'search', 'env': 'prod'}, False),
    ({}, True),
])
def test_a_listed_function_whose_tags_miss_a_pair_is_dropped_one_listed_without_tags_kept(function_tags, expected):
    assert carries_tags({'function_name': 'f', 'tags': function_tags}, {'team': 'payments', 'env': 'prod'}) is expected
    assert carries_tags({'function_name': 'f', 'tags': function_tags}, None) is True


def test_describe_filters():
    assert describe_filters({'prefix': 'orders-', 'tags': {'team': 'payments'}, 'runtime': None}) == \
        "prefix='orders-', tags={'team': 'payments'}"
    assert describe_filters({}) == 'no filter'


# ---------------------------------------------------------------- against the emulator

def client_for(emulator):
    settings = ConnectionSettings(emulator.region, endpoint=emulator.url, access_key_id='AKIDEXAMPLE',
                                  access_key_secret='SECRETEXAMPLE')
    return FC3Client(settings, environ={})


def test_every_page_is_fetched_and_the_filters_reach_the_service_as_it_names_them(emulator):
    emulator.seed({'functions': [{'name': 'orders-%03d' % number, 'runtime': 'python3.10',
                                  'tags': {'team': 'payments' if number % 2 else 'search'}} for number in range(230)]
                   + [{'name': 'billing', 'tags': {'team': 'payments'}}]})
    emulator.clear_requests()
    found = find_functions(client_for(emulator), {'prefix': 'orders-', 'tags': {'team': 'payments'}, 'runtime': 'python3.10',
                                                  'fc_version': 'v3', 'name_regex': '1'})
    assert [f['function_name'] for f in found] == ['orders-%03d' % n for n in range(230) if n % 2 and '1' in '%03d' % n]
    assert all(f['tags'] == {'team': 'payments'} for f in found)
    queries = [request['query'] for request in emulator.requests]
    assert [request['action'] for request in emulator.requests] == ['ListFunctions'] * 2
    assert queries[0] == {'prefix': 'orders-', 'tags': '[{"Key":"team","Value":"payments"}]', 'runtime': 'python3.10',
                          'fcVersion': 'v3', 'limit': '100'}
    assert queries[1]['nextToken'] and queries[1]['limit'] == '100'


def test_nothing_found_is_an_empty_list(emulator):
    emulator.seed({'functions': [{'name': 'billing'}]})
    assert find_functions(client_for(emulator), {'prefix': 'orders-'}) == []


def test_a_service_error_is_an_fc3_error(emulator):
    emulator.add_fault(status=403, code='AccessDenied', action='ListFunctions')
    with pytest.raises(FC3Error) as caught:
        find_functions(client_for(emulator), {})
    assert caught.value.code == 'AccessDenied'
