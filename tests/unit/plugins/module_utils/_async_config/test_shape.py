# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_async_config/shape.py: API map <-> returned shape, the function ARN, desired state, compare, merge, PUT body,
prediction and the phrase naming a function qualifier, as tables."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import input_errors
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import (
    changed_fields,
    desired_config,
    merge_config,
    name_config,
    name_target,
    parse_function_arn,
    predict_result,
    put_body,
    to_result,
)

from module_inputs import DLQ_ARN, NEXT_FUNCTION_ARN, config_params, destination_sides


ARN = 'acs:fc:cn-hangzhou:1234567890123456:functions/'
# Keys the service sets: returned, but not input for the config module (the interface's "read-only keys").
READ_ONLY_KEYS = ('function_arn', 'created_time', 'last_modified_time')


@pytest.mark.parametrize(
    'arn, expected',
    [
        (ARN + 'my-func', ('my-func', 'LATEST')),
        (ARN + 'my-func/prod', ('my-func', 'prod')),
        (ARN + 'my-func:prod', ('my-func', 'prod')),
        (ARN + 'my-func/3', ('my-func', '3')),
        (ARN + 'my-func:LATEST', ('my-func', 'LATEST')),
        ('acs:fc:cn-hangzhou:123:services/svc.LATEST/functions/f', (None, None)),
        ('acs:mns:cn-hangzhou:123:/queues/q/messages', (None, None)),
        ('', (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_function_arn_reads_both_qualified_forms(arn, expected):
    assert parse_function_arn(arn) == expected


API_CONFIG = {
    'asyncTask': False,
    'maxAsyncEventAgeInSeconds': 3600,
    'maxAsyncRetryAttempts': 1,
    'destinationConfig': {
        'onSuccess': {'destination': ARN + 'next'},
        'onFailure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'},
    },
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


@pytest.mark.parametrize(
    'arn, name, qualifier',
    [
        (ARN + 'f1', 'f1', 'LATEST'),
        (ARN + 'f1/prod', 'f1', 'prod'),
        (ARN + 'f1:7', 'f1', '7'),
    ],
)
def test_list_items_get_name_and_qualifier_from_the_arn(arn, name, qualifier):
    result = to_result({'functionArn': arn, 'maxAsyncRetryAttempts': 2})
    assert (result['function_name'], result['qualifier']) == (name, qualifier)


def test_fields_the_service_did_not_return_are_left_out():
    result = to_result({'functionArn': ARN + 'f1'})
    assert result == {'function_arn': ARN + 'f1', 'function_name': 'f1', 'qualifier': 'LATEST'}


@pytest.mark.parametrize(
    'destinations, expected',
    [
        ({}, None),
        ({'onSuccess': None, 'onFailure': {}}, None),
        (
            {'onSuccess': {'destination': ''}, 'onFailure': {'destination': ARN + 'x'}},
            {'on_failure': {'destination': ARN + 'x'}},
        ),
    ],
)
def test_sides_without_a_destination_are_dropped(destinations, expected):
    assert to_result({'destinationConfig': destinations}, 'f', 'LATEST').get('destination_config') == expected


def test_read_only_keys_are_the_service_set_ones():
    result = to_result(API_CONFIG, 'my-func', 'LATEST')
    writable = dict((key, value) for key, value in result.items() if key not in READ_ONLY_KEYS)
    assert sorted(writable) == [
        'async_task',
        'destination_config',
        'function_name',
        'max_async_event_age_in_seconds',
        'max_async_retry_attempts',
        'qualifier',
    ]


# ------------------------------------------------------------------ desired state
@pytest.mark.parametrize(
    'overrides, expected',
    [
        ({}, {}),
        (dict(max_async_retry_attempts=0), {'max_async_retry_attempts': 0}),
        (dict(async_task=False), {'async_task': False}),
        (dict(destination_config={}), {'destination_config': {}}),
        (dict(destination_config=destination_sides()), {'destination_config': {}}),
        (dict(destination_config={'on_success': {'destination': ''}}), {'destination_config': {}}),
        (
            dict(destination_config=destination_sides(on_failure=DLQ_ARN)),
            {'destination_config': {'on_failure': {'destination': DLQ_ARN}}},
        ),
    ],
)
def test_desired_holds_only_what_the_user_gave(overrides, expected):
    assert desired_config(config_params(**overrides)) == expected


# ------------------------------------------------------------------ compare
CURRENT = to_result(
    {
        'asyncTask': False,
        'maxAsyncEventAgeInSeconds': 3600,
        'maxAsyncRetryAttempts': 1,
        'destinationConfig': {'onSuccess': {'destination': NEXT_FUNCTION_ARN}, 'onFailure': {'destination': DLQ_ARN}},
        'functionArn': 'acs:fc:cn-hangzhou:1234567890123456:functions/my-func',
        'createdTime': '2024-01-01T00:00:00Z',
        'lastModifiedTime': '2024-01-01T00:00:00Z',
    },
    'my-func',
    'LATEST',
)


NO_DESTINATIONS = dict((key, value) for key, value in CURRENT.items() if key != 'destination_config')


@pytest.mark.parametrize(
    'current, desired, expected',
    [
        (CURRENT, {}, []),
        (CURRENT, {'max_async_retry_attempts': 1}, []),
        (CURRENT, {'max_async_retry_attempts': 2}, ['max_async_retry_attempts']),
        (CURRENT, {'async_task': False, 'max_async_event_age_in_seconds': 3600}, []),
        (
            CURRENT,
            {'async_task': True, 'max_async_event_age_in_seconds': 60},
            ['async_task', 'max_async_event_age_in_seconds'],
        ),
        (
            CURRENT,
            {
                'destination_config': {
                    'on_success': {'destination': NEXT_FUNCTION_ARN},
                    'on_failure': {'destination': DLQ_ARN},
                }
            },
            [],
        ),
        (CURRENT, {'destination_config': {'on_failure': {'destination': DLQ_ARN}}}, ['destination_config']),
        (CURRENT, {'destination_config': {}}, ['destination_config']),
        (NO_DESTINATIONS, {'destination_config': {}}, []),
        (NO_DESTINATIONS, {'destination_config': {'on_failure': {'destination': DLQ_ARN}}}, ['destination_config']),
        (None, {}, []),
        (None, {'max_async_retry_attempts': 1}, ['max_async_retry_attempts']),
    ],
)
def test_changed_fields_compares_only_what_the_user_gave(current, desired, expected):
    assert changed_fields(current, desired) == expected


# ------------------------------------------------------------------ merge and body
def test_merge_keeps_every_field_left_out():
    merged = merge_config(CURRENT, {'max_async_retry_attempts': 5})
    assert merged == {
        'async_task': False,
        'max_async_event_age_in_seconds': 3600,
        'max_async_retry_attempts': 5,
        'destination_config': CURRENT['destination_config'],
    }
    assert not set(READ_ONLY_KEYS) & set(merged)


def test_merge_replaces_the_whole_destination_set():
    merged = merge_config(CURRENT, {'destination_config': {'on_failure': {'destination': NEXT_FUNCTION_ARN}}})
    assert merged['destination_config'] == {'on_failure': {'destination': NEXT_FUNCTION_ARN}}


def test_merge_onto_nothing_is_the_desired_state():
    assert merge_config(None, {'async_task': True}) == {'async_task': True}


@pytest.mark.parametrize(
    'config, body',
    [
        ({}, {}),
        (
            {'async_task': True, 'max_async_event_age_in_seconds': 1, 'max_async_retry_attempts': 0},
            {'asyncTask': True, 'maxAsyncEventAgeInSeconds': 1, 'maxAsyncRetryAttempts': 0},
        ),
        ({'destination_config': {}}, {'destinationConfig': {}}),
        (
            {
                'destination_config': {
                    'on_success': {'destination': NEXT_FUNCTION_ARN},
                    'on_failure': {'destination': DLQ_ARN},
                }
            },
            {
                'destinationConfig': {
                    'onSuccess': {'destination': NEXT_FUNCTION_ARN},
                    'onFailure': {'destination': DLQ_ARN},
                }
            },
        ),
    ],
)
def test_put_body_is_the_api_shape(config, body):
    assert put_body(config) == body


def test_put_body_of_a_merge_sends_every_setting():
    body = put_body(merge_config(CURRENT, {'max_async_retry_attempts': 5}))
    assert body == {
        'asyncTask': False,
        'maxAsyncEventAgeInSeconds': 3600,
        'maxAsyncRetryAttempts': 5,
        'destinationConfig': {'onSuccess': {'destination': NEXT_FUNCTION_ARN}, 'onFailure': {'destination': DLQ_ARN}},
    }


# ------------------------------------------------------------------ prediction
def test_prediction_of_an_update_keeps_the_read_only_keys_it_can_know():
    predicted = predict_result(CURRENT, merge_config(CURRENT, {'max_async_retry_attempts': 5}), 'my-func', 'LATEST')
    expected = dict(CURRENT, max_async_retry_attempts=5)
    del expected['last_modified_time']  # the write will set it
    assert predicted == expected


def test_prediction_of_a_create_is_what_the_user_gave_over_the_service_defaults():
    assert predict_result(None, {'async_task': True, 'destination_config': {}}, 'f', 'prod') == {
        'async_task': True,
        'max_async_retry_attempts': 3,
        'max_async_event_age_in_seconds': 86400,
        'function_name': 'f',
        'qualifier': 'prod',
    }


def test_prediction_of_removing_every_destination_drops_the_key():
    predicted = predict_result(CURRENT, merge_config(CURRENT, {'destination_config': {}}), 'my-func', 'LATEST')
    assert 'destination_config' not in predicted


def test_an_info_item_fed_back_is_a_no_op():
    item = dict((key, value) for key, value in CURRENT.items() if key not in READ_ONLY_KEYS)
    module_params = config_params(**dict((key, value) for key, value in item.items()))
    assert input_errors(module_params) == []
    assert changed_fields(CURRENT, desired_config(module_params)) == []


@pytest.mark.parametrize(
    'function_name, qualifier, target, config',
    [
        ('f1', 'prod', "function 'f1' qualifier prod", "the async invoke config of function 'f1' qualifier prod"),
        ('f1', None, "function 'f1'", "the async invoke configs of function 'f1'"),
    ],
)
def test_every_message_names_a_function_qualifier_one_way(function_name, qualifier, target, config):
    assert name_target(function_name, qualifier) == target
    assert name_config(function_name, qualifier) == config
