# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_client.py against the emulator through the real SDK: the retries each call asks for, and paging."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client, fc_models
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy


def client_for(emulator, retries=3):
    settings = ConnectionSettings(
        emulator.region,
        endpoint=emulator.url,
        access_key_id='AKIDEXAMPLE',
        access_key_secret='SECRETEXAMPLE',
        retry_policy=RetryPolicy(retries=retries, timeout=20, base_delay=0.01, max_delay=0.05),
    )
    return FC3Client(settings, environ={})


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed({'functions': [{'name': 'f1'}]})
    emulator.clear_requests()
    return emulator


def put(client, idempotent):
    request = fc_models.PutAsyncInvokeConfigRequest(
        qualifier='LATEST', body=fc_models.PutAsyncInvokeConfigInput().from_map({'maxAsyncRetryAttempts': 1})
    )
    return client.call('put_async_invoke_config', 'f1', request, idempotent=idempotent)


def test_a_call_returns_the_api_map(emu):
    answer = put(client_for(emu), idempotent=True)
    assert answer['maxAsyncRetryAttempts'] == 1 and answer['functionArn'].endswith(':functions/f1')


@pytest.mark.parametrize('idempotent, attempts', [(True, 3), (False, 1)])
def test_a_5xx_is_retried_only_for_a_call_that_may_be_sent_twice(emu, idempotent, attempts):
    emu.add_fault(status=503, count=2, action='PutAsyncInvokeConfig')
    client = client_for(emu)
    if idempotent:
        put(client, idempotent)
    else:
        with pytest.raises(FC3Error) as raised:
            put(client, idempotent)
        assert raised.value.code and raised.value.attempts == 1
    assert [request['method'] for request in emu.requests] == ['PUT'] * attempts


@pytest.mark.parametrize('idempotent', [True, False])
def test_throttling_is_retried_for_every_call_since_the_service_did_nothing(emu, idempotent):
    emu.add_fault(status=429, code='ResourceThrottled', count=2, action='PutAsyncInvokeConfig')
    assert put(client_for(emu), idempotent)['maxAsyncRetryAttempts'] == 1
    assert [request['status'] for request in emu.requests] == [429, 429, 200]


def test_every_page_is_read_with_the_page_size(emu):
    emu.seed({'functions': [{'name': 'fn%03d' % number} for number in range(150)]})
    emu.clear_requests()

    def make_request(next_token):
        return fc_models.ListFunctionsRequest(limit=100, next_token=next_token)

    listed = client_for(emu).all_pages('list_functions', make_request, 'functions', 'functions')
    names = [function['functionName'] for function in listed]
    assert len(names) == 151 and len(set(names)) == 151  # f1 and the 150 seeded here
    assert [request['query'].get('limit') for request in emu.requests] == ['100', '100']


def test_an_answer_of_another_region_is_told_once(make_emulator):
    emu = make_emulator(region='eu-central-1')
    emu.seed({'functions': [{'name': 'f1'}]})
    told = []
    settings = ConnectionSettings(
        'cn-hangzhou', endpoint=emu.url, access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE'
    )
    client = FC3Client(settings, environ={}, on_foreign_region=lambda arn, endpoint: told.append((arn, endpoint)))
    put(client, idempotent=True)
    put(client, idempotent=True)
    assert told == [('acs:fc:eu-central-1:1234567890123456:functions/f1', emu.url)]


def test_an_answer_of_the_configured_region_is_not_told(emu):
    told = []
    settings = ConnectionSettings(
        emu.region, endpoint=emu.url, access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE'
    )
    put(FC3Client(settings, environ={}, on_foreign_region=lambda *args: told.append(args)), idempotent=True)
    assert told == []
