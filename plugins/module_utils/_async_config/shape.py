# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shapes of an async invoke config and the pure logic between them.

Owns: the API's camelCase map <-> the returned snake_case shape (renamed by ``_casing``), the function ARN, the merge /
compare / predict steps of the read -> compare -> write flow, and the one phrase that names a
function qualifier in messages. Everything here works on plain dicts and makes no request, so it
is unit-tested with tables and serves one config as well as a fleet.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.fc.plugins.module_utils._casing import camel_case_keys, snake_case_keys

LATEST = 'LATEST'

# The settings a user can write, in the returned shape.
WRITABLE_FIELDS = ('async_task', 'max_async_event_age_in_seconds', 'max_async_retry_attempts', 'destination_config')
DESTINATION_SIDES = ('on_success', 'on_failure')

# What the service stores for a setting a new config leaves out (the SDK's PutAsyncInvokeConfigInput field
# comments and the API reference give 3 and 86400; async task mode is off unless asked for), so what a
# created config reads back with.
NEW_CONFIG_DEFAULTS = {'max_async_retry_attempts': 3, 'max_async_event_age_in_seconds': 86400, 'async_task': False}

# acs:fc:REGION:ACCOUNT:functions/NAME[/QUALIFIER | :QUALIFIER]
_FUNCTION_ARN_RE = re.compile(r'acs:fc:[^:]*:[^:]*:functions/(?P<name>[^/:]+)(?:[/:](?P<qualifier>[^/:]+))?')


def name_target(function_name, qualifier=None):
    """``function 'f' qualifier q``: how every message names a function qualifier (or a function)."""
    return "function '%s'" % function_name + (' qualifier %s' % qualifier if qualifier else '')


def name_config(function_name, qualifier=None):
    """``the async invoke config of function 'f' qualifier q``, or ``the async invoke configs of function 'f'``."""
    if qualifier:
        return 'the async invoke config of ' + name_target(function_name, qualifier)
    return 'the async invoke configs of ' + name_target(function_name)


def parse_function_arn(arn):
    """``(function_name, qualifier)`` from a function ARN, or ``(None, None)`` when it is not one.

    The service's form for a qualified ARN is not documented, so both ``functions/NAME/QUALIFIER``
    and ``functions/NAME:QUALIFIER`` are read; an ARN without a qualifier means LATEST.
    """
    match = _FUNCTION_ARN_RE.fullmatch(arn or '')
    if not match:
        return None, None
    return match.group('name'), match.group('qualifier') or LATEST


def normalize_destinations(destination_config):
    """``{side: {'destination': ARN}}`` for the sides that have a destination; ``{}`` when none do."""
    if not isinstance(destination_config, dict):
        return {}
    return dict(
        (side, {'destination': target['destination']})
        for side, target in destination_config.items()
        if side in DESTINATION_SIDES and isinstance(target, dict) and target.get('destination')
    )


def desired_config(params):
    """The writable settings the user gave, in the returned shape; a setting left out is absent."""
    desired = dict((field, params[field]) for field in WRITABLE_FIELDS if params.get(field) is not None)
    if 'destination_config' in desired:
        desired['destination_config'] = normalize_destinations(desired['destination_config'])
    return desired


def changed_fields(current, desired):
    """The fields of ``desired`` whose value differs from ``current`` (``None``: there is no config)."""
    if current is None:
        return sorted(desired)
    return sorted(
        field
        for field, value in desired.items()
        if (current.get(field, {}) if field == 'destination_config' else current.get(field)) != value
    )


def merge_config(current, desired):
    """The writable settings after the change: the current ones, overridden by the desired ones."""
    merged = dict((field, current[field]) for field in WRITABLE_FIELDS if current and field in current)
    merged.update(desired)
    return merged


def put_body(config):
    """The PutAsyncInvokeConfig body (API shape) for writable settings in the returned shape.

    Every known setting is sent, so the result does not depend on whether the service merges a
    PUT into the stored config or replaces it; ``destinationConfig`` is sent whole, ``{}`` for none.
    """
    body = dict((field, config[field]) for field in WRITABLE_FIELDS if field in config)
    if 'destination_config' in body:
        body['destination_config'] = normalize_destinations(body['destination_config'])
    return camel_case_keys(body)


def predict_result(current, merged, function_name, qualifier):
    """What the module would return after writing ``merged`` over ``current`` (check mode); a created config
    has the service's defaults for the settings left out."""
    result = dict(current) if current is not None else dict(NEW_CONFIG_DEFAULTS)
    # The service sets it on the write; keeping the old value would predict something untrue.
    result.pop('last_modified_time', None)
    result.update(merged)
    if not result.get('destination_config'):
        result.pop('destination_config', None)
    result['function_name'] = function_name
    result['qualifier'] = qualifier
    return result


def to_result(api_config, function_name=None, qualifier=None):
    """The returned shape of one config from its API (camelCase) map.

    ``function_name`` and ``qualifier`` are what the caller asked for; when the caller did not know
    them (list items), they are derived from ``functionArn``.
    """
    result = snake_case_keys(api_config)
    if 'destination_config' in result:
        # A side without a destination is the same as no side at all, and no side at all the same
        # as no destination_config, whichever of these forms the service answers with.
        destinations = normalize_destinations(result.pop('destination_config'))
        if destinations:
            result['destination_config'] = destinations
    arn_name, arn_qualifier = parse_function_arn(result.get('function_arn'))
    result['function_name'] = function_name or arn_name
    result['qualifier'] = qualifier or arn_qualifier or LATEST
    if result['function_name'] is None:
        del result['function_name']
    return result
