# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_async_config/rules.py: the input rules as tables - names, qualifiers, ranges, destination ARNs - checked on
values as they will be sent, with messages that name the option."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import (
    INTEGER_RANGES,
    QUALIFIER_RULE,
    config_argument_spec,
    function_destination,
    function_name_error,
    input_errors,
    qualifier_error,
    settings_argument_spec,
)

from module_inputs import DLQ_ARN, NEXT_FUNCTION_ARN, config_params, destination_sides


@pytest.mark.parametrize(
    'name, ok',
    [
        ('my-func', True),
        ('_private', True),
        ('a' * 64, True),
        ('F1_x-2', True),
        ('', False),
        ('1abc', False),
        ('-abc', False),
        ('a' * 65, False),
        ('has space', False),
        ('a/b', False),
        ('é', False),
    ],
)
def test_function_name_rule(name, ok):
    error = function_name_error(name)
    assert (error is None) == ok
    if not ok:
        assert 'function_name' in error and repr(name)[1:-1] in error


@pytest.mark.parametrize(
    'qualifier, ok',
    [
        ('LATEST', True),
        ('1', True),
        ('42', True),
        ('prod', True),
        ('blue_green-2', True),
        ('a' * 128, True),
        ('', False),
        ('_prod', False),
        ('-x', False),
        ('a' * 129, False),
        ('v1.2', False),
        ('latest!', False),
    ],
)
def test_qualifier_rule(qualifier, ok):
    error = qualifier_error(qualifier)
    assert (error is None) == ok
    if not ok:
        assert error.startswith('qualifier must be')


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    'destination',
    [
        NEXT_FUNCTION_ARN,
        NEXT_FUNCTION_ARN + '/prod',
        NEXT_FUNCTION_ARN + ':prod',
        DLQ_ARN,
        'acs:mns:cn-hangzhou:1234567890123456:/topics/alerts/messages',
        'acs:eventbridge:cn-hangzhou:1234567890123456:eventbus/default',
        'acs:mq:cn-hangzhou:1234567890123456:/instances/MQ_INST_1/topic/results',
        'acs:fc:ap-southeast-5:1:functions/x',
        # An empty account id: the service accepts both (Serverless Devs fc3 deploys them in its e2e tests).
        'acs:fc:cn-hangzhou::functions/x',
        'acs:mns:cn-hangzhou::/topics/alerts/messages',
    ],
)
def test_every_listed_destination_form_is_accepted(destination):
    assert (
        input_errors(
            config_params(destination_config=destination_sides(on_success=destination, on_failure=destination))
        )
        == []
    )


@pytest.mark.parametrize(
    'destination',
    [
        'arn:aws:sqs:us-east-1:123456789012:queue',  # not an acs: ARN
        'acs:oss:cn-hangzhou:1234567890123456:bucket/x',  # a service FC cannot deliver to
        'acs:fc::1234567890123456:functions/x',  # empty region
        'acs:fc:cn-hangzhou:1234567890123456:',  # empty resource
        'acs:fc:cn-hangzhou:account:functions/x',  # account is not a number
        'acs:fc:cn-hangzhou',  # missing fields
        'functions/next',
    ],
)
def test_certainly_wrong_destinations_are_refused_naming_option_value_and_rule(destination):
    errors = input_errors(config_params(destination_config=destination_sides(on_failure=destination)))
    assert len(errors) == 1
    assert errors[0].startswith('destination_config.on_failure.destination must be an ARN')
    assert "got '%s'" % destination in errors[0]
    assert 'mns' in errors[0] and 'eventbridge' in errors[0]


@pytest.mark.parametrize(
    'overrides, message',
    [
        (dict(max_async_retry_attempts=9), 'max_async_retry_attempts must be between 0 and 8; got 9'),
        (dict(max_async_retry_attempts=-1), 'max_async_retry_attempts must be between 0 and 8; got -1'),
        (dict(max_async_event_age_in_seconds=0), 'max_async_event_age_in_seconds must be between 1 and 604800; got 0'),
        (
            dict(max_async_event_age_in_seconds=604801),
            'max_async_event_age_in_seconds must be between 1 and 604800; got 604801',
        ),
        (dict(function_name='9lives'), "function_name must be"),
        (dict(qualifier='no spaces'), 'qualifier must be'),
    ],
)
def test_out_of_range_values_are_refused(overrides, message):
    errors = input_errors(config_params(**overrides))
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize(
    'overrides',
    [
        dict(max_async_retry_attempts=0),
        dict(max_async_retry_attempts=8),
        dict(max_async_event_age_in_seconds=1),
        dict(max_async_event_age_in_seconds=604800),
        dict(destination_config={}),
        dict(destination_config=destination_sides()),
        dict(destination_config={'on_success': {'destination': None}}),
    ],
)
def test_edges_of_the_ranges_are_accepted(overrides):
    assert input_errors(config_params(**overrides)) == []


def test_all_problems_are_reported_at_once():
    assert (
        len(
            input_errors(
                config_params(
                    max_async_retry_attempts=9,
                    max_async_event_age_in_seconds=0,
                    destination_config=destination_sides(on_success='x'),
                )
            )
        )
        == 3
    )


# ------------------------------------------------------------------ what will be sent, after Ansible's coercion
@pytest.mark.parametrize(
    'overrides, message',
    [
        # A trailing newline would reach the service: patterns match the whole string.
        (dict(function_name='my-func\n'), 'function_name must be'),
        (dict(qualifier='LATEST\n'), 'qualifier must be'),
        (
            dict(destination_config=destination_sides(on_success=NEXT_FUNCTION_ARN + '\n')),
            'destination_config.on_success.destination must be',
        ),
        # Ansible's int check lets a bool through; the service wants a number.
        (dict(max_async_retry_attempts=True), 'max_async_retry_attempts must be an integer from 0 to 8; got True'),
        (dict(max_async_event_age_in_seconds=False), 'max_async_event_age_in_seconds must be an integer'),
        (dict(function_name=None), 'function_name must be'),
    ],
)
def test_input_is_checked_as_it_will_be_sent(overrides, message):
    errors = input_errors(config_params(**overrides))
    assert len(errors) == 1 and message in errors[0], errors


def test_messages_name_the_item_behind_a_prefix():
    errors = input_errors(config_params(max_async_retry_attempts=9, qualifier='no spaces'), prefix='configs[3].')
    assert errors == [
        "configs[3].qualifier must be %s; got 'no spaces'" % QUALIFIER_RULE,
        'configs[3].max_async_retry_attempts must be between 0 and 8; got 9',
    ]


def test_the_ranges_are_the_services():
    # fc3-api reference, section 2: the SDK's PutAsyncInvokeConfigInput and the API reference agree.
    assert INTEGER_RANGES == {'max_async_retry_attempts': (0, 8), 'max_async_event_age_in_seconds': (1, 604800)}


def test_the_config_spec_is_the_settings_spec_plus_which_config_and_its_state():
    spec = config_argument_spec()
    assert set(spec) - set(settings_argument_spec()) == {'function_name', 'qualifier', 'state'}
    assert spec['qualifier']['default'] == 'LATEST' and spec['function_name']['required'] is True


@pytest.mark.parametrize(
    'arn, expected',
    [
        ('acs:fc:cn-hangzhou:123456789:functions/next', ('cn-hangzhou', 'next', None)),
        ('acs:fc:cn-hangzhou::functions/next', ('cn-hangzhou', 'next', None)),
        ('acs:fc:cn-hangzhou:123456789:functions/next/prod', ('cn-hangzhou', 'next', 'prod')),
        ('acs:fc:cn-hangzhou:123456789:functions/next:2', ('cn-hangzhou', 'next', '2')),
        ('acs:fc:eu-central-1:123456789:functions/next', ('eu-central-1', 'next', None)),
        # Accepted before any request (the service judges the resource), but it names no FC3 function.
        ('acs:fc:cn-hangzhou:123456789:function/x', ('cn-hangzhou', None, None)),
        ('acs:fc:cn-hangzhou:123456789:services/svc.LATEST/functions/x', ('cn-hangzhou', None, None)),
        ('acs:mns:cn-hangzhou:123456789:/queues/dlq/messages', None),
        ('acs:eventbridge:cn-hangzhou:123456789:eventbus/default', None),
        (None, None),
    ],
)
def test_what_a_destination_check_looks_up(arn, expected):
    assert function_destination(arn) == expected
