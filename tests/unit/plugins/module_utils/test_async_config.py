# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure shape helpers: name checks, ARN parsing, API map -> returned shape."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.async_config import (
    READ_ONLY_KEYS,
    camel_case,
    function_name_error,
    parse_function_arn,
    qualifier_error,
    snake_case,
    snake_case_keys,
    to_result,
)

ARN = 'acs:fc:cn-hangzhou:1234567890123456:functions/'


@pytest.mark.parametrize('name, ok', [
    ('my-func', True), ('_private', True), ('a' * 64, True), ('F1_x-2', True),
    ('', False), ('1abc', False), ('-abc', False), ('a' * 65, False), ('has space', False), ('a/b', False), ('é', False),
])
def test_function_name_rule(name, ok):
    error = function_name_error(name)
    assert (error is None) == ok
    if not ok:
        assert 'function_name' in error and repr(name)[1:-1] in error


@pytest.mark.parametrize('qualifier, ok', [
    ('LATEST', True), ('1', True), ('42', True), ('prod', True), ('blue_green-2', True), ('a' * 128, True),
    ('', False), ('_prod', False), ('-x', False), ('a' * 129, False), ('v1.2', False), ('latest!', False),
])
def test_qualifier_rule(qualifier, ok):
    error = qualifier_error(qualifier)
    assert (error is None) == ok
    if not ok:
        assert error.startswith('qualifier must be')


@pytest.mark.parametrize('arn, expected', [
    (ARN + 'my-func', ('my-func', 'LATEST')),
    (ARN + 'my-func/prod', ('my-func', 'prod')),
    (ARN + 'my-func:prod', ('my-func', 'prod')),
    (ARN + 'my-func/3', ('my-func', '3')),
    (ARN + 'my-func:LATEST', ('my-func', 'LATEST')),
    ('acs:fc:cn-hangzhou:123:services/svc.LATEST/functions/f', (None, None)),
    ('acs:mns:cn-hangzhou:123:/queues/q/messages', (None, None)),
    ('', (None, None)),
    (None, (None, None)),
])
def test_parse_function_arn_reads_both_qualified_forms(arn, expected):
    assert parse_function_arn(arn) == expected


def test_snake_case_keys_is_recursive_and_drops_nulls():
    assert snake_case_keys({'maxAsyncRetryAttempts': 1, 'asyncTask': None,
                            'destinationConfig': {'onSuccess': {'destination': 'x'}, 'onFailure': None}}) == {
        'max_async_retry_attempts': 1, 'destination_config': {'on_success': {'destination': 'x'}}}


API_CONFIG = {
    'asyncTask': False,
    'maxAsyncEventAgeInSeconds': 3600,
    'maxAsyncRetryAttempts': 1,
    'destinationConfig': {'onSuccess': {'destination': ARN + 'next'},
                          'onFailure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'}},
    'functionArn': ARN + 'my-func',
    'createdTime': '2024-01-01T00:00:00Z',
    'lastModifiedTime': '2024-01-02T00:00:00Z',
}


def test_to_result_is_the_documented_shape():
    assert to_result(API_CONFIG, 'my-func', 'LATEST') == {
        'function_name': 'my-func',
        'qualifier': 'LATEST',
        'function_arn': ARN + 'my-func',
        'async_task': False,
        'max_async_event_age_in_seconds': 3600,
        'max_async_retry_attempts': 1,
        'destination_config': {
            'on_success': {'destination': ARN + 'next'},
            'on_failure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'},
        },
        'created_time': '2024-01-01T00:00:00Z',
        'last_modified_time': '2024-01-02T00:00:00Z',
    }


@pytest.mark.parametrize('arn, name, qualifier', [
    (ARN + 'f1', 'f1', 'LATEST'), (ARN + 'f1/prod', 'f1', 'prod'), (ARN + 'f1:7', 'f1', '7'),
])
def test_list_items_get_name_and_qualifier_from_the_arn(arn, name, qualifier):
    result = to_result({'functionArn': arn, 'maxAsyncRetryAttempts': 2})
    assert (result['function_name'], result['qualifier']) == (name, qualifier)


def test_fields_the_service_did_not_return_are_left_out():
    result = to_result({'functionArn': ARN + 'f1'})
    assert result == {'function_arn': ARN + 'f1', 'function_name': 'f1', 'qualifier': 'LATEST'}


@pytest.mark.parametrize('destinations, expected', [
    ({}, None),
    ({'onSuccess': None, 'onFailure': {}}, None),
    ({'onSuccess': {'destination': ''}, 'onFailure': {'destination': ARN + 'x'}}, {'on_failure': {'destination': ARN + 'x'}}),
])
def test_sides_without_a_destination_are_dropped(destinations, expected):
    assert to_result({'destinationConfig': destinations}, 'f', 'LATEST').get('destination_config') == expected


def test_read_only_keys_are_the_service_set_ones():
    result = to_result(API_CONFIG, 'my-func', 'LATEST')
    writable = dict((key, value) for key, value in result.items() if key not in READ_ONLY_KEYS)
    assert sorted(writable) == ['async_task', 'destination_config', 'function_name', 'max_async_event_age_in_seconds',
                                'max_async_retry_attempts', 'qualifier']


@pytest.mark.parametrize('api_key', ['asyncTask', 'maxAsyncEventAgeInSeconds', 'maxAsyncRetryAttempts', 'destinationConfig',
                                     'onSuccess', 'onFailure', 'destination'])
def test_camel_case_is_the_inverse_of_snake_case(api_key):
    assert camel_case(snake_case(api_key)) == api_key
