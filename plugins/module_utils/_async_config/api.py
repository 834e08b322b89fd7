# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The four async invoke config calls of the FC3 API and what "not found" means for each.

Owns the not-found policy: the service's own "no config" answer becomes ``None`` (a read) or
``ABSENT`` (a delete); a function, version or alias the service does not know stays an error
(``FC3Error.missing_target``), for the caller to decide, because a misspelt name must never look
like "no config". All four operations are idempotent (a PUT sends the whole config), so each is
retried. Answers are the API's camelCase maps; ``shape`` turns them into results.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._client import API_PAGE_SIZE, fc_models
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error

# What a delete found: it removed the config, there was none, or the service says there is none now
# but an earlier attempt got no answer, so this very call may be what removed it.
DELETED = 'deleted'
ABSENT = 'absent'
MAYBE_DELETED = 'maybe-deleted'


def get_async_invoke_config(client, function_name, qualifier):
    """The config of ``function_name`` + ``qualifier`` as an API map, or ``None`` when the service says
    it has none. A missing function, version or alias is still an error (``FC3Error.missing_target``).
    """
    request = fc_models.GetAsyncInvokeConfigRequest(qualifier=qualifier)
    try:
        return client.call('get_async_invoke_config', function_name, request, idempotent=True)
    except FC3Error as error:
        if error.missing_config:
            return None
        raise


def _list_request(function_name, limit):
    def make_request(next_token):
        return fc_models.ListAsyncInvokeConfigsRequest(function_name=function_name, limit=limit, next_token=next_token)

    return make_request


def list_async_invoke_configs(client, function_name=None):
    """Every config (of one function, or of the region), all pages fetched; ``[]`` when none. A function
    that does not exist is an error (``FC3Error.missing_target``): the caller decides what it means."""
    return client.all_pages(
        'list_async_invoke_configs', _list_request(function_name, API_PAGE_SIZE), 'configs', 'async invoke configs'
    )


def async_invoke_config_pages(client, limit=API_PAGE_SIZE):
    """The configs of every function of the region, page by page: yields ``(configs, whether more pages
    follow)``, so that the caller may stop reading. Each config names its function and qualifier only in
    ``functionArn`` (``shape.parse_function_arn``)."""
    return client.pages('list_async_invoke_configs', _list_request(None, limit), 'configs', 'async invoke configs')


def put_async_invoke_config(client, function_name, qualifier, body):
    """Create or replace the config from an API-shaped ``body`` (every setting); returns the stored config."""
    request = fc_models.PutAsyncInvokeConfigRequest(
        qualifier=qualifier, body=fc_models.PutAsyncInvokeConfigInput().from_map(body)
    )
    return client.call('put_async_invoke_config', function_name, request, idempotent=True)


def delete_async_invoke_config(client, function_name, qualifier):
    """Delete the config: ``DELETED``, ``ABSENT`` (the service says there was none) or ``MAYBE_DELETED``
    (it says so now, but an earlier attempt got no answer and may have deleted it). A function, version
    or alias that does not exist is an error (``FC3Error.missing_target``)."""
    request = fc_models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier)
    try:
        client.call('delete_async_invoke_config', function_name, request, idempotent=True)
    except FC3Error as error:
        if error.missing_config:
            return ABSENT if error.every_attempt_answered else MAYBE_DELETED
        raise
    return DELETED
