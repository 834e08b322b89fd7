# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API's camelCase names <-> the returned shape's snake_case names, for every resource.

The FC3 API's fields are lowerCamelCase (``maxAsyncRetryAttempts``, ``functionArn``); the modules
return them in snake_case, as Ansible modules do. Pure: no request, no resource knowledge.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_FIRST_CAP_RE = re.compile(r'([a-z0-9])([A-Z])')
# The API's few key names, renamed once each (a page of a fleet renames the same keys thousands of times).
_SNAKE_CASE = {}


def snake_case(name):
    if name not in _SNAKE_CASE:
        _SNAKE_CASE[name] = _FIRST_CAP_RE.sub(r'\1_\2', name).lower()
    return _SNAKE_CASE[name]


def camel_case(name):
    first, rest = name.split('_', 1) if '_' in name else (name, '')
    return first + ''.join(part.capitalize() for part in rest.split('_'))


def camel_case_keys(value):
    """Recursively rename snake_case keys to the API's camelCase: the inverse of ``snake_case_keys``."""
    if isinstance(value, dict):
        return dict((camel_case(key), camel_case_keys(item)) for key, item in value.items())
    return value


def snake_case_keys(value):
    """Recursively rename camelCase keys to snake_case and drop keys whose value is ``None``."""
    if isinstance(value, dict):
        return dict((snake_case(key), snake_case_keys(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [snake_case_keys(item) for item in value]
    return value
