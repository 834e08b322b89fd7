# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The returned shape of a function, and the filtering the service leaves to the client.

A listed function (the API's camelCase map) becomes snake_case with ``tags`` as a dict and only the
fields in ``RETURNED_FIELDS``; ``matching`` and ``carries_tags`` apply ``name_regex`` and check the tag
filter on what the service returned. Pure: no request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.fc.plugins.module_utils._casing import snake_case

# What a listed function returns, in the API's names. Deliberately not the whole function: its
# environment variables often hold secrets, and a fleet selection needs none of the rest.
RETURNED_FIELDS = (
    'functionName',
    'functionArn',
    'functionId',
    'runtime',
    'description',
    'resourceGroupId',
    'createdTime',
    'lastModifiedTime',
    # The service documents that ListFunctions leaves these out (GetFunction has them); they are
    # returned when it sends them all the same.
    'state',
    'stateReason',
    'stateReasonCode',
    'lastUpdateStatus',
    'lastUpdateStatusReason',
    'lastUpdateStatusReasonCode',
)


def tags_dict(api_tags):
    """The API's tag list ``[{"Key", "Value"}]`` as a dict; a tag without a value maps to ``''``."""
    result = {}
    for tag in api_tags or []:
        if isinstance(tag, dict) and tag.get('Key') is not None:
            result[tag['Key']] = tag.get('Value') if tag.get('Value') is not None else ''
    return result


def to_result(api_function):
    """A listed function in the returned shape: snake_case keys, ``tags`` as a dict, a field the service
    did not return left out."""
    result = dict(
        (snake_case(field), api_function[field]) for field in RETURNED_FIELDS if api_function.get(field) is not None
    )
    result['tags'] = tags_dict(api_function.get('tags'))
    return result


def matching(functions, name_regex=None):
    """The functions (returned shape) whose name contains a match of ``name_regex`` (searched, not
    matched whole, as Terraform's ``name_regex``); all of them without one."""
    if not name_regex:
        return list(functions)
    pattern = re.compile(name_regex)
    return [function for function in functions if pattern.search(function.get('function_name') or '')]


def carries_tags(function, tags):
    """Whether a function (returned shape) carries every tag pair of ``tags`` (text values); one listed
    without tags is taken to carry them, since the service filtered it in and may not return tags."""
    if not tags or not function.get('tags'):
        return True
    return all(function['tags'].get(key) == value for key, value in tags.items())
