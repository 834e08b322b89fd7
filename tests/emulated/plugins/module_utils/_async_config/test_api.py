# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_async_config/api.py against the emulator through the real SDK: what "not found" means for each call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import (
    ABSENT,
    DELETED,
    MAYBE_DELETED,
    delete_async_invoke_config,
    get_async_invoke_config,
    list_async_invoke_configs,
    put_async_invoke_config,
)
from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy


@pytest.fixture(name='client')
def _client(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1', 'versions': 1, 'aliases': {'prod': '1'}}],
            'async_configs': [{'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    emulator.clear_requests()
    settings = ConnectionSettings(
        emulator.region,
        endpoint=emulator.url,
        access_key_id='AKIDEXAMPLE',
        access_key_secret='SECRETEXAMPLE',
        retry_policy=RetryPolicy(retries=2, timeout=20, base_delay=0.01, max_delay=0.05),
    )
    return FC3Client(settings, environ={})


def test_a_read_of_no_config_is_none_and_of_a_config_its_api_map(client):
    assert get_async_invoke_config(client, 'f1', 'prod') is None
    assert get_async_invoke_config(client, 'f1', 'LATEST')['maxAsyncRetryAttempts'] == 2


@pytest.mark.parametrize(
    'call',
    [
        lambda client: get_async_invoke_config(client, 'ghost', 'LATEST'),
        lambda client: get_async_invoke_config(client, 'f1', 'staging'),
        lambda client: list_async_invoke_configs(client, 'ghost'),
        lambda client: delete_async_invoke_config(client, 'ghost', 'LATEST'),
        lambda client: put_async_invoke_config(client, 'f1', 'staging', {'maxAsyncRetryAttempts': 1}),
    ],
)
def test_a_function_or_qualifier_the_service_does_not_know_stays_an_error(client, call):
    with pytest.raises(FC3Error) as raised:
        call(client)
    assert raised.value.missing_target


def test_a_delete_says_whether_it_removed_a_config(client):
    assert delete_async_invoke_config(client, 'f1', 'LATEST') == DELETED
    assert delete_async_invoke_config(client, 'f1', 'LATEST') == ABSENT


def test_a_delete_whose_first_answer_was_lost_may_have_deleted_the_config(client, emulator):
    emulator.add_fault(drop=True, action='DeleteAsyncInvokeConfig')
    assert delete_async_invoke_config(client, 'f1', 'LATEST') == MAYBE_DELETED


def test_a_list_of_one_function_and_of_the_region(client):
    put_async_invoke_config(client, 'f1', 'prod', {'maxAsyncRetryAttempts': 0})
    assert sorted(config['maxAsyncRetryAttempts'] for config in list_async_invoke_configs(client, 'f1')) == [0, 2]
    assert len(list_async_invoke_configs(client)) == 2
