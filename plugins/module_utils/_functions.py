# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding functions: the filters of ``fcv3_function_info`` (checked before any request), the
``ListFunctions`` call they make and the returned shape of a function.

The service filters by prefix, tags, runtime, resource group and FC version; ``name_regex`` is
applied here, on what the service returned, as Terraform's ``alicloud_fcv3_functions`` does.

Facts relied on, and where they come from:

- ``ListFunctionsRequest`` has ``prefix``, ``tags`` (a list of ``Tag(key, value)``), ``runtime``,
  ``resource_group_id``, ``fc_version``, ``limit`` and ``next_token`` in both the oldest supported SDK
  (alibabacloud-fc20230330 4.7.0) and 4.8.3: ``models/_list_functions_request.py`` of each, identical
  but for comments. the SDK's ``client.py`` ``list_functions_with_options`` sends the tags as one query
  parameter, ``tags=[{"Key":"team","Value":"payments"}]`` (``array_to_string_with_specified_style``
  with style ``json``; the emulator's log shows the same for both versions).
- ``limit`` is 1..100 and ``fcVersion`` is ``v3`` or ``v2``, left out meaning both: the SDK's field
  comments and the API reference page "ListFunctions" (help.aliyun.com, FC 2023-03-30).
- "ListFunctions returns only a subset of function properties"; ``state``, ``stateReason(Code)`` and
  ``lastUpdateStatus(Reason)(Code)`` need GetFunction: the same page. They are returned when sent.
- Terraform's data source matches ``name_regex`` with Go's ``regexp.MatchString`` (a search) on each
  function name after listing: ``alicloud/data_source_alicloud_fcv3_functions.go`` of
  aliyun/terraform-provider-alicloud. Python's ``re.search`` here; the common syntax is the same.
- How the service combines several tags (every one, or any) is not documented; the module
  documents "every one", which the emulator implements, and drops a listed function whose returned
  tags miss a pair. A function listed with no tags at all is kept: the answer may leave them out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.fc.plugins.module_utils._async_config_shape import snake_case
from ansible_collections.alicloud.fc.plugins.module_utils._client import API_PAGE_SIZE, fc_models

# The filters the service applies, by option name; each is passed to ListFunctions as given.
SERVICE_FILTERS = ('prefix', 'tags', 'runtime', 'resource_group_id', 'fc_version')
FILTERS = SERVICE_FILTERS + ('name_regex',)
STRING_FILTERS = ('prefix', 'name_regex', 'runtime', 'resource_group_id', 'fc_version')

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


def filter_argument_spec():
    """The options of ``fcv3_function_info``, also the keys of the role's ``async_invoke_policy_select``."""
    return dict(
        prefix=dict(type='str'),
        name_regex=dict(type='str'),
        tags=dict(type='dict'),
        runtime=dict(type='str'),
        resource_group_id=dict(type='str'),
        fc_version=dict(type='str'),
    )


def _tag_value_error(key, value, prefix):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return '%stags.%s must be a string (a tag value), got %r' % (prefix, key, value)
    return None


def filter_errors(params, prefix=''):
    """The problems of the filters in ``params`` (option name -> value, ``None`` when not given), each
    naming the option; ``prefix`` goes before the name. An empty filter would silently match every
    function, so it is refused rather than sent."""
    problems = []
    for name in STRING_FILTERS:
        value = params.get(name)
        if value is not None and not value.strip():
            problems.append('%s%s must not be empty (leave it out to not filter by it)' % (prefix, name))
    regex = params.get('name_regex')
    if regex and regex.strip():
        try:
            re.compile(regex)
        except re.error as exc:
            problems.append('%sname_regex is not a valid regular expression: %s (%r)' % (prefix, exc, regex))
    tags = params.get('tags')
    if tags is not None and not tags:
        problems.append('%stags must name at least one tag (leave it out to not filter by tags)' % prefix)
    for key, value in sorted((tags or {}).items()):
        if not str(key).strip():
            problems.append('%stags has an empty key; a tag key must not be empty' % prefix)
            continue
        problem = _tag_value_error(key, value, prefix)
        if problem:
            problems.append(problem)
    return problems


def service_filters(params):
    """The keyword arguments of ``FC3Client.list_functions`` for the given filters."""
    filters = dict((name, params.get(name)) for name in SERVICE_FILTERS)
    if filters['tags']:
        filters['tags'] = dict((str(key), str(value)) for key, value in filters['tags'].items())
    return filters


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


def list_functions(client, prefix=None, tags=None, runtime=None, resource_group_id=None, fc_version=None):
    """Every function the service's filters match, all pages fetched, as API maps; ``[]`` when none.

    ``tags`` maps keys to values; the SDK sends them as the ``tags`` query parameter, a JSON list of
    ``{"Key", "Value"}``. ``None`` leaves a filter out of the request.
    """
    tag_filter = [fc_models.Tag(key=key, value=value) for key, value in sorted(tags.items())] if tags else None

    def make_request(next_token):
        return fc_models.ListFunctionsRequest(
            prefix=prefix,
            tags=tag_filter,
            runtime=runtime,
            resource_group_id=resource_group_id,
            fc_version=fc_version,
            limit=API_PAGE_SIZE,
            next_token=next_token,
        )

    return client.all_pages('list_functions', make_request, 'functions', 'functions')


def find_functions(client, params):
    """The functions the filters in ``params`` select, in the returned shape and the service's order."""
    filters = service_filters(params)
    listed = [to_result(function) for function in list_functions(client, **filters)]
    return matching(
        [function for function in listed if carries_tags(function, filters['tags'])], params.get('name_regex')
    )


def describe_filters(params):
    """``prefix='orders-', tags={'team': 'payments'}``: the filters given, for messages."""
    given = ['%s=%r' % (name, params[name]) for name in FILTERS if params.get(name) is not None]
    return ', '.join(given) if given else 'no filter'
