# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``ListFunctions`` call of the FC3 API, every page fetched, the selection ``fcv3_function_info`` makes,
and ``GetFunction`` (whether a function, version or alias exists).

The filters come checked from ``rules``; the answers become results through ``shape``. Both calls only
read, so they are retried like every read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._client import API_PAGE_SIZE, fc_models
from ansible_collections.alicloud.fc.plugins.module_utils._functions.rules import SERVICE_FILTERS
from ansible_collections.alicloud.fc.plugins.module_utils._functions.shape import carries_tags, matching, to_result


def service_filters(params):
    """The keyword arguments of ``list_functions`` for the given filters."""
    filters = dict((name, params.get(name)) for name in SERVICE_FILTERS)
    if filters['tags']:
        filters['tags'] = dict((str(key), str(value)) for key, value in filters['tags'].items())
    return filters


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


def get_function(client, function_name, qualifier=None):
    """The function (of ``qualifier``, a version or an alias) as an API map; a function, version or alias that
    does not exist is an error (``FC3Error.missing_target``)."""
    return client.call(
        'get_function', function_name, fc_models.GetFunctionRequest(qualifier=qualifier), idempotent=True
    )
