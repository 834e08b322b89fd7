# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an async invoke config may be: the argument specs of its options and the rules its values follow.

Owns every input rule of the resource, said once: the function name and qualifier rules, the integer
ranges, the destination ARN rule, and the argument specs that the config modules share. The checks
work on values after Ansible's type coercion, so they judge what will be sent, and they are never
stricter than the service: each rule says where it comes from. Nothing here makes a request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import LATEST

# The service's ranges (the SDK's PutAsyncInvokeConfigInput field comments and the API reference of
# PutAsyncInvokeConfigInput): the one source of them in the collection; docs and tests are checked against it.
INTEGER_RANGES = {
    'max_async_retry_attempts': (0, 8),
    'max_async_event_age_in_seconds': (1, 604800),
}

# Services FC can deliver async invocation results to, by the service part of their ARN.
DESTINATION_SERVICES = ('fc', 'mns', 'eventbridge', 'mq')
DESTINATION_RULE = (
    'an ARN acs:SERVICE:REGION:ACCOUNT_ID:RESOURCE of a Function Compute function (fc), an MNS queue or topic (mns), '
    'an EventBridge event bus (eventbridge) or an ApsaraMQ for RocketMQ topic (mq), the account id digits or '
    'empty, for example acs:fc:cn-hangzhou:123456789:functions/NAME, acs:fc:cn-hangzhou::functions/NAME or '
    'acs:mns:cn-hangzhou:123456789:/queues/NAME/messages'
)

FUNCTION_NAME_RULE = (
    'letters, digits, underscores and hyphens, 1 to 64 characters, not starting with a digit or a hyphen'
)
QUALIFIER_RULE = (
    'LATEST, a version id (digits) or an alias name '
    '(a letter, then letters, digits, underscores or hyphens, up to 128 characters)'
)

# Validation patterns are applied with re.fullmatch: "$" would let a trailing newline reach the service.
_FUNCTION_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_-]{0,63}')
_QUALIFIER_RE = re.compile(r'LATEST|[0-9]+|[A-Za-z][A-Za-z0-9_-]{0,127}')
# Deliberately loose about the resource part: the service judges it, and a module that refuses a
# valid ARN blocks its user. The account id may be empty: the service accepts acs:fc:REGION::functions/NAME
# and acs:mns:REGION::/topics/NAME/messages (the Serverless Devs fc3 component deploys exactly these in its
# end-to-end tests against the service, __tests__/e2e/nodejs/s2.yaml).
_DESTINATION_ARN_RE = re.compile(
    r'acs:(?P<service>[a-z]+):(?P<region>[a-z0-9-]+):(?P<account>[0-9]*):(?P<resource>\S+)'
)

DESTINATION_SPEC = dict(type='dict', options=dict(destination=dict(type='str')))

# The resource of a Function Compute 3.0 function ARN: functions/NAME, or a version or alias of it
# (functions/NAME/QUALIFIER, or NAME:QUALIFIER). Anything else in an acs:fc ARN names no FC3 function.
_FUNCTION_RESOURCE_RE = re.compile(r'functions/(?P<name>[^/:]+)(?:[/:](?P<qualifier>[^/:]+))?')

# The option that looks up the Function Compute destinations of what is written (both config modules).
CHECK_DESTINATIONS_SPEC = dict(type='bool', default=True)


def function_destination(arn):
    """``(region, function_name, qualifier)`` of a Function Compute destination ARN (``qualifier`` ``None`` when
    it names none; ``function_name`` ``None`` when the ARN names no FC3 function, such as ``function/x``), or
    ``None`` for a destination of another service. Pure: what to look up before a write (``_destinations``)."""
    match = _DESTINATION_ARN_RE.fullmatch(arn) if isinstance(arn, str) else None
    if not match or match.group('service') != 'fc':
        return None
    resource = _FUNCTION_RESOURCE_RE.fullmatch(match.group('resource'))
    if not resource:
        return match.group('region'), None, None
    return match.group('region'), resource.group('name'), resource.group('qualifier')


def settings_argument_spec():
    """The four writable settings of an async invoke config."""
    return dict(
        async_task=dict(type='bool'),
        max_async_event_age_in_seconds=dict(type='int'),
        max_async_retry_attempts=dict(type='int'),
        destination_config=dict(type='dict', options=dict(on_success=DESTINATION_SPEC, on_failure=DESTINATION_SPEC)),
    )


def config_argument_spec():
    """One config: which function qualifier, whether it should exist, and its settings."""
    spec = dict(
        function_name=dict(type='str', required=True),
        qualifier=dict(type='str', default=LATEST),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    spec.update(settings_argument_spec())
    return spec


def function_name_error(value, prefix=''):
    """An error message when ``value`` cannot be a function name, else ``None``."""
    if isinstance(value, str) and _FUNCTION_NAME_RE.fullmatch(value):
        return None
    return "%sfunction_name must be %s; got %r" % (prefix, FUNCTION_NAME_RULE, value)


def qualifier_error(value, prefix=''):
    """An error message when ``value`` cannot be a qualifier, else ``None``."""
    if isinstance(value, str) and _QUALIFIER_RE.fullmatch(value):
        return None
    return "%squalifier must be %s; got %r" % (prefix, QUALIFIER_RULE, value)


def destination_error(side, value, prefix=''):
    """An error message when ``value`` cannot be a destination ARN, else ``None``."""
    match = _DESTINATION_ARN_RE.fullmatch(value) if isinstance(value, str) else None
    if match and match.group('service') in DESTINATION_SERVICES:
        return None
    return "%sdestination_config.%s.destination must be %s; got %r" % (prefix, side, DESTINATION_RULE, value)


def settings_errors(params, prefix=''):
    """Everything wrong with the writable settings in ``params`` (after Ansible's type coercion, so what
    will be sent), as messages naming the option behind ``prefix``."""
    errors = []
    for option, (low, high) in sorted(INTEGER_RANGES.items()):
        value = params.get(option)
        if value is None:
            continue
        # A bool is an int to Python and to Ansible's int check, but the service wants a JSON number.
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append('%s%s must be an integer from %d to %d; got %r' % (prefix, option, low, high, value))
        elif not low <= value <= high:
            errors.append('%s%s must be between %d and %d; got %r' % (prefix, option, low, high, value))
    async_task = params.get('async_task')
    if async_task is not None and not isinstance(async_task, bool):
        errors.append('%sasync_task must be true or false; got %r' % (prefix, async_task))
    for side, target in sorted((params.get('destination_config') or {}).items()):
        destination = (target or {}).get('destination')
        if destination is not None and destination != '':
            errors.append(destination_error(side, destination, prefix))
    return [error for error in errors if error]


def input_errors(params, prefix=''):
    """Everything wrong with one item's parameters (function, qualifier and settings), as messages
    naming the option behind ``prefix``."""
    errors = [function_name_error(params['function_name'], prefix), qualifier_error(params['qualifier'], prefix)]
    return [error for error in errors if error] + settings_errors(params, prefix)
