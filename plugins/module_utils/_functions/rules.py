# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``fcv3_function_info`` may be asked: its filters' argument spec and the rules their values follow.

The service filters by prefix, tags, runtime, resource group and FC version; ``name_regex`` is
applied afterwards, on what the service returned (``shape.matching``), as Terraform's
``alicloud_fcv3_functions`` does. Nothing here makes a request (``api``) or shapes an answer (``shape``).

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


# The filters the service applies, by option name; each is passed to ListFunctions as given.
SERVICE_FILTERS = ('prefix', 'tags', 'runtime', 'resource_group_id', 'fc_version')
FILTERS = SERVICE_FILTERS + ('name_regex',)
STRING_FILTERS = ('prefix', 'name_regex', 'runtime', 'resource_group_id', 'fc_version')


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


def input_errors(params, prefix=''):
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


def describe_filters(params):
    """``prefix='orders-', tags={'team': 'payments'}``: the filters given, for messages."""
    given = ['%s=%r' % (name, params[name]) for name in FILTERS if params.get(name) is not None]
    return ', '.join(given) if given else 'no filter'
