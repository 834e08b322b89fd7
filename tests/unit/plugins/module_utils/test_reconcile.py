# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tables for the config module's pure logic: validation, desired state, compare, merge, PUT body, prediction."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.async_config import (
    QUALIFIER_RULE,
    READ_ONLY_KEYS,
    changed_fields,
    desired_config,
    input_errors,
    merge_config,
    predict_result,
    put_body,
    to_result,
)

FN = 'acs:fc:cn-hangzhou:1234567890123456:functions/next'
MNS = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'


def params(**overrides):
    values = dict(function_name='my-func', qualifier='LATEST', state='present', async_task=None,
                  max_async_event_age_in_seconds=None, max_async_retry_attempts=None, destination_config=None)
    values.update(overrides)
    return values


def sides(on_success=None, on_failure=None):
    """destination_config as Ansible hands it over after suboption processing."""
    return {'on_success': None if on_success is None else {'destination': on_success},
            'on_failure': None if on_failure is None else {'destination': on_failure}}


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize('destination', [
    FN,
    FN + '/prod',
    FN + ':prod',
    MNS,
    'acs:mns:cn-hangzhou:1234567890123456:/topics/alerts/messages',
    'acs:eventbridge:cn-hangzhou:1234567890123456:eventbus/default',
    'acs:mq:cn-hangzhou:1234567890123456:/instances/MQ_INST_1/topic/results',
    'acs:fc:ap-southeast-5:1:functions/x',
    # An empty account id: the service accepts both (Serverless Devs fc3 deploys them in its e2e tests).
    'acs:fc:cn-hangzhou::functions/x',
    'acs:mns:cn-hangzhou::/topics/alerts/messages',
])
def test_every_listed_destination_form_is_accepted(destination):
    assert input_errors(params(destination_config=sides(on_success=destination, on_failure=destination))) == []


@pytest.mark.parametrize('destination', [
    'arn:aws:sqs:us-east-1:123456789012:queue',       # not an acs: ARN
    'acs:oss:cn-hangzhou:1234567890123456:bucket/x',  # a service FC cannot deliver to
    'acs:fc::1234567890123456:functions/x',           # empty region
    'acs:fc:cn-hangzhou:1234567890123456:',           # empty resource
    'acs:fc:cn-hangzhou:account:functions/x',         # account is not a number
    'acs:fc:cn-hangzhou',                             # missing fields
    'functions/next',
])
def test_certainly_wrong_destinations_are_refused_naming_option_value_and_rule(destination):
    errors = input_errors(params(destination_config=sides(on_failure=destination)))
    assert len(errors) == 1
    assert errors[0].startswith('destination_config.on_failure.destination must be an ARN')
    assert "got '%s'" % destination in errors[0]
    assert 'mns' in errors[0] and 'eventbridge' in errors[0]


@pytest.mark.parametrize('overrides, message', [
    (dict(max_async_retry_attempts=9), 'max_async_retry_attempts must be between 0 and 8; got 9'),
    (dict(max_async_retry_attempts=-1), 'max_async_retry_attempts must be between 0 and 8; got -1'),
    (dict(max_async_event_age_in_seconds=0), 'max_async_event_age_in_seconds must be between 1 and 604800; got 0'),
    (dict(max_async_event_age_in_seconds=604801), 'max_async_event_age_in_seconds must be between 1 and 604800; got 604801'),
    (dict(function_name='9lives'), "function_name must be"),
    (dict(qualifier='no spaces'), 'qualifier must be'),
])
def test_out_of_range_values_are_refused(overrides, message):
    errors = input_errors(params(**overrides))
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize('overrides', [
    dict(max_async_retry_attempts=0), dict(max_async_retry_attempts=8),
    dict(max_async_event_age_in_seconds=1), dict(max_async_event_age_in_seconds=604800),
    dict(destination_config={}), dict(destination_config=sides()), dict(destination_config={'on_success': {'destination': None}}),
])
def test_edges_of_the_ranges_are_accepted(overrides):
    assert input_errors(params(**overrides)) == []


def test_all_problems_are_reported_at_once():
    assert len(input_errors(params(max_async_retry_attempts=9, max_async_event_age_in_seconds=0,
                                   destination_config=sides(on_success='x')))) == 3


# ------------------------------------------------------------------ desired state
@pytest.mark.parametrize('overrides, expected', [
    ({}, {}),
    (dict(max_async_retry_attempts=0), {'max_async_retry_attempts': 0}),
    (dict(async_task=False), {'async_task': False}),
    (dict(destination_config={}), {'destination_config': {}}),
    (dict(destination_config=sides()), {'destination_config': {}}),
    (dict(destination_config={'on_success': {'destination': ''}}), {'destination_config': {}}),
    (dict(destination_config=sides(on_failure=MNS)), {'destination_config': {'on_failure': {'destination': MNS}}}),
])
def test_desired_holds_only_what_the_user_gave(overrides, expected):
    assert desired_config(params(**overrides)) == expected


# ------------------------------------------------------------------ compare
CURRENT = to_result({
    'asyncTask': False, 'maxAsyncEventAgeInSeconds': 3600, 'maxAsyncRetryAttempts': 1,
    'destinationConfig': {'onSuccess': {'destination': FN}, 'onFailure': {'destination': MNS}},
    'functionArn': 'acs:fc:cn-hangzhou:1234567890123456:functions/my-func',
    'createdTime': '2024-01-01T00:00:00Z', 'lastModifiedTime': '2024-01-01T00:00:00Z',
}, 'my-func', 'LATEST')
NO_DESTINATIONS = dict((key, value) for key, value in CURRENT.items() if key != 'destination_config')


@pytest.mark.parametrize('current, desired, expected', [
    (CURRENT, {}, []),
    (CURRENT, {'max_async_retry_attempts': 1}, []),
    (CURRENT, {'max_async_retry_attempts': 2}, ['max_async_retry_attempts']),
    (CURRENT, {'async_task': False, 'max_async_event_age_in_seconds': 3600}, []),
    (CURRENT, {'async_task': True, 'max_async_event_age_in_seconds': 60}, ['async_task', 'max_async_event_age_in_seconds']),
    (CURRENT, {'destination_config': {'on_success': {'destination': FN}, 'on_failure': {'destination': MNS}}}, []),
    (CURRENT, {'destination_config': {'on_failure': {'destination': MNS}}}, ['destination_config']),
    (CURRENT, {'destination_config': {}}, ['destination_config']),
    (NO_DESTINATIONS, {'destination_config': {}}, []),
    (NO_DESTINATIONS, {'destination_config': {'on_failure': {'destination': MNS}}}, ['destination_config']),
    (None, {}, []),
    (None, {'max_async_retry_attempts': 1}, ['max_async_retry_attempts']),
])
def test_changed_fields_compares_only_what_the_user_gave(current, desired, expected):
    assert changed_fields(current, desired) == expected


# ------------------------------------------------------------------ merge and body
def test_merge_keeps_every_field_left_out():
    merged = merge_config(CURRENT, {'max_async_retry_attempts': 5})
    assert merged == {'async_task': False, 'max_async_event_age_in_seconds': 3600, 'max_async_retry_attempts': 5,
                      'destination_config': CURRENT['destination_config']}
    assert not set(READ_ONLY_KEYS) & set(merged)


def test_merge_replaces_the_whole_destination_set():
    merged = merge_config(CURRENT, {'destination_config': {'on_failure': {'destination': FN}}})
    assert merged['destination_config'] == {'on_failure': {'destination': FN}}


def test_merge_onto_nothing_is_the_desired_state():
    assert merge_config(None, {'async_task': True}) == {'async_task': True}


@pytest.mark.parametrize('config, body', [
    ({}, {}),
    ({'async_task': True, 'max_async_event_age_in_seconds': 1, 'max_async_retry_attempts': 0},
     {'asyncTask': True, 'maxAsyncEventAgeInSeconds': 1, 'maxAsyncRetryAttempts': 0}),
    ({'destination_config': {}}, {'destinationConfig': {}}),
    ({'destination_config': {'on_success': {'destination': FN}, 'on_failure': {'destination': MNS}}},
     {'destinationConfig': {'onSuccess': {'destination': FN}, 'onFailure': {'destination': MNS}}}),
])
def test_put_body_is_the_api_shape(config, body):
    assert put_body(config) == body


def test_put_body_of_a_merge_sends_every_setting():
    body = put_body(merge_config(CURRENT, {'max_async_retry_attempts': 5}))
    assert body == {'asyncTask': False, 'maxAsyncEventAgeInSeconds': 3600, 'maxAsyncRetryAttempts': 5,
                    'destinationConfig': {'onSuccess': {'destination': FN}, 'onFailure': {'destination': MNS}}}


# ------------------------------------------------------------------ prediction
def test_prediction_of_an_update_keeps_the_read_only_keys_it_can_know():
    predicted = predict_result(CURRENT, merge_config(CURRENT, {'max_async_retry_attempts': 5}), 'my-func', 'LATEST')
    expected = dict(CURRENT, max_async_retry_attempts=5)
    del expected['last_modified_time']  # the write will set it
    assert predicted == expected


def test_prediction_of_a_create_is_what_the_user_gave():
    assert predict_result(None, {'async_task': True, 'destination_config': {}}, 'f', 'prod') == {
        'async_task': True, 'function_name': 'f', 'qualifier': 'prod'}


def test_prediction_of_removing_every_destination_drops_the_key():
    predicted = predict_result(CURRENT, merge_config(CURRENT, {'destination_config': {}}), 'my-func', 'LATEST')
    assert 'destination_config' not in predicted


def test_an_info_item_fed_back_is_a_no_op():
    item = dict((key, value) for key, value in CURRENT.items() if key not in READ_ONLY_KEYS)
    module_params = params(**dict((key, value) for key, value in item.items()))
    assert input_errors(module_params) == []
    assert changed_fields(CURRENT, desired_config(module_params)) == []


# ------------------------------------------------------------------ what will be sent, after Ansible's coercion
@pytest.mark.parametrize('overrides, message', [
    # A trailing newline would reach the service: patterns match the whole string.
    (dict(function_name='my-func\n'), 'function_name must be'),
    (dict(qualifier='LATEST\n'), 'qualifier must be'),
    (dict(destination_config=sides(on_success=FN + '\n')), 'destination_config.on_success.destination must be'),
    # Ansible's int check lets a bool through; the service wants a number.
    (dict(max_async_retry_attempts=True), 'max_async_retry_attempts must be an integer from 0 to 8; got True'),
    (dict(max_async_event_age_in_seconds=False), 'max_async_event_age_in_seconds must be an integer'),
    (dict(function_name=None), 'function_name must be'),
])
def test_input_is_checked_as_it_will_be_sent(overrides, message):
    errors = input_errors(params(**overrides))
    assert len(errors) == 1 and message in errors[0], errors


def test_messages_name_the_item_behind_a_prefix():
    errors = input_errors(params(max_async_retry_attempts=9, qualifier='no spaces'), prefix='configs[3].')
    assert errors == ["configs[3].qualifier must be %s; got 'no spaces'" % QUALIFIER_RULE,
                      'configs[3].max_async_retry_attempts must be between 0 and 8; got 9']
