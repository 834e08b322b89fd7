# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers for async invoke configs: input checks and the API shape <-> returned shape.

Everything here works on plain values and makes no request, so it is unit-tested with tables.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

LATEST = 'LATEST'

# Keys the service sets; they are returned but are not input for the config module.
READ_ONLY_KEYS = ('function_arn', 'created_time', 'last_modified_time')

FUNCTION_NAME_RULE = 'letters, digits, underscores and hyphens, 1 to 64 characters, not starting with a digit or a hyphen'
QUALIFIER_RULE = 'LATEST, a version id (digits) or an alias name (a letter, then letters, digits, underscores or hyphens, up to 128 characters)'

_FUNCTION_NAME_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_-]{0,63}$')
_QUALIFIER_RE = re.compile(r'^(?:LATEST|[0-9]+|[A-Za-z][A-Za-z0-9_-]{0,127})$')
_FIRST_CAP_RE = re.compile(r'([a-z0-9])([A-Z])')
# acs:fc:REGION:ACCOUNT:functions/NAME[/QUALIFIER | :QUALIFIER]
_FUNCTION_ARN_RE = re.compile(r'^acs:fc:[^:]*:[^:]*:functions/(?P<name>[^/:]+)(?:[/:](?P<qualifier>[^/:]+))?$')


def function_name_error(value):
    """An error message when ``value`` cannot be a function name, else ``None``."""
    if _FUNCTION_NAME_RE.match(value or ''):
        return None
    return "function_name must be %s; got '%s'" % (FUNCTION_NAME_RULE, value)


def qualifier_error(value):
    """An error message when ``value`` cannot be a qualifier, else ``None``."""
    if _QUALIFIER_RE.match(value or ''):
        return None
    return "qualifier must be %s; got '%s'" % (QUALIFIER_RULE, value)


def snake_case(name):
    return _FIRST_CAP_RE.sub(r'\1_\2', name).lower()


def snake_case_keys(value):
    """Recursively rename camelCase keys to snake_case and drop keys whose value is ``None``."""
    if isinstance(value, dict):
        return dict((snake_case(key), snake_case_keys(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [snake_case_keys(item) for item in value]
    return value


def parse_function_arn(arn):
    """``(function_name, qualifier)`` from a function ARN, or ``(None, None)`` when it is not one.

    The service's form for a qualified ARN is not documented, so both ``functions/NAME/QUALIFIER``
    and ``functions/NAME:QUALIFIER`` are read; an ARN without a qualifier means LATEST.
    """
    match = _FUNCTION_ARN_RE.match(arn or '')
    if not match:
        return None, None
    return match.group('name'), match.group('qualifier') or LATEST


def to_result(api_config, function_name=None, qualifier=None):
    """The returned shape of one config from its API (camelCase) map.

    ``function_name`` and ``qualifier`` are what the caller asked for; when the caller did not know
    them (list items), they are derived from ``functionArn``.
    """
    result = snake_case_keys(api_config)
    destinations = result.get('destination_config')
    if isinstance(destinations, dict):
        # A side without a destination is the same as no side at all.
        result['destination_config'] = dict(
            (side, target) for side, target in destinations.items() if isinstance(target, dict) and target.get('destination'))
    arn_name, arn_qualifier = parse_function_arn(result.get('function_arn'))
    result['function_name'] = function_name or arn_name
    result['qualifier'] = qualifier or arn_qualifier or LATEST
    if result['function_name'] is None:
        del result['function_name']
    return result
