# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the FC3 emulator, driven with the real alibabacloud-fc20230330 SDK.

Raw HTTP where the SDK cannot misbehave.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from alibabacloud_fc20230330 import models as fc_models
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from darabonba.exceptions import UnretryableException
from darabonba.policy.retry import RetryOptions
from darabonba.runtime import RuntimeOptions

import fc3_emulator
import fc3_launcher
from fc3_emulator import Emulator, sign_headers

MNS_ARN = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'
FC_ARN = 'acs:fc:cn-hangzhou:1234567890123456:functions/target'
ARN_PREFIX = 'acs:fc:cn-hangzhou:1234567890123456:functions/'
TIME_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
EMULATOR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fc3_emulator.py')
SEED = {
    'functions': [
        {'name': 'f1', 'runtime': 'python3.10', 'handler': 'index.handler', 'versions': 2, 'aliases': {'prod': '1'}},
        {'name': 'f2'},
    ]
}


# ---------------------------------------------------------------------- helpers


def put(client, name, qualifier=None, **fields):
    destinations = fields.pop('destinations', None)
    body = fc_models.PutAsyncInvokeConfigInput(**fields)
    if destinations is not None:
        body.destination_config = fc_models.DestinationConfig(
            on_success=fc_models.Destination(destination=destinations['success'])
            if destinations.get('success')
            else None,
            on_failure=fc_models.Destination(destination=destinations['failure'])
            if destinations.get('failure')
            else None,
        )
    return client.put_async_invoke_config(name, fc_models.PutAsyncInvokeConfigRequest(qualifier=qualifier, body=body))


def get(client, name, qualifier=None):
    return client.get_async_invoke_config(
        name, fc_models.GetAsyncInvokeConfigRequest(qualifier=qualifier)
    ).body.to_map()


def delete(client, name, qualifier=None):
    return client.delete_async_invoke_config(name, fc_models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier))


def list_configs(client, **kwargs):
    return client.list_async_invoke_configs(fc_models.ListAsyncInvokeConfigsRequest(**kwargs)).body.to_map()


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    return info.value


def raw_request(
    emu,
    method,
    target,
    body=b'',
    action=None,
    access_key_id='AKIDEXAMPLE',
    secret='SECRETEXAMPLE',
    extra_headers=None,
    send_body=None,
    date=None,
    sign=True,
):
    """Send a (signed) request with http.client; returns (status, lower-case headers, parsed JSON or None)."""
    headers = {
        'host': emu.endpoint,
        'x-acs-version': '2023-03-30',
        'accept': 'application/json',
        'x-acs-date': date or time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'x-acs-signature-nonce': uuid.uuid4().hex,
    }
    if action:
        headers['x-acs-action'] = action
    if body:
        headers['content-type'] = 'application/json; charset=utf-8'
    headers.update(extra_headers or {})
    if sign:
        headers = sign_headers(method, target, headers, body, access_key_id, secret)
    conn = http.client.HTTPConnection('127.0.0.1', emu.port, timeout=5)
    try:
        conn.request(method, target, body=body if send_body is None else send_body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, json.loads(data) if data else None
    finally:
        conn.close()


def admin(emu, method, path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(
        emu.url + '/_emulator/' + path, data=data, method=method, headers={'Content-Type': 'application/json'}
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(name='seeded')
def _seeded(emulator):
    """The ``emulator`` fixture, seeded with SEED."""
    emulator.seed(SEED)
    return emulator


# ---------------------------------------------------------------------- async config CRUD


def test_put_get_delete_round_trip(seeded, fc_client, monkeypatch):
    client = fc_client()
    times = iter(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'])
    monkeypatch.setattr(fc3_emulator, '_now', lambda: next(times))
    resp = put(
        client,
        'f1',
        max_async_retry_attempts=1,
        max_async_event_age_in_seconds=3600,
        async_task=True,
        destinations={'success': FC_ARN, 'failure': MNS_ARN},
    )
    assert resp.status_code == 200 and resp.headers.get('x-fc-request-id')
    expected = {
        'asyncTask': True,
        'maxAsyncRetryAttempts': 1,
        'maxAsyncEventAgeInSeconds': 3600,
        'destinationConfig': {'onSuccess': {'destination': FC_ARN}, 'onFailure': {'destination': MNS_ARN}},
        'functionArn': ARN_PREFIX + 'f1',
        'createdTime': '2024-01-01T00:00:00Z',
        'lastModifiedTime': '2024-01-01T00:00:00Z',
    }
    assert resp.body.to_map() == expected
    assert get(client, 'f1') == expected
    assert get(client, 'f1', 'LATEST') == expected

    second = put(client, 'f1', max_async_retry_attempts=2).body.to_map()
    assert second['createdTime'] == '2024-01-01T00:00:00Z'
    assert second['lastModifiedTime'] == '2024-01-02T00:00:00Z'

    resp = delete(client, 'f1')
    assert resp.status_code == 204
    exc = raises(ClientException, get, client, 'f1')
    assert (exc.code, exc.status_code) == ('AsyncConfigNotExists', 404)
    exc = raises(ClientException, delete, client, 'f1')
    assert (exc.code, exc.status_code) == ('AsyncConfigNotExists', 404)

    records = seeded.requests
    assert [(r['method'], r['action'], r['status']) for r in records] == [
        ('PUT', 'PutAsyncInvokeConfig', 200),
        ('GET', 'GetAsyncInvokeConfig', 200),
        ('GET', 'GetAsyncInvokeConfig', 200),
        ('PUT', 'PutAsyncInvokeConfig', 200),
        ('DELETE', 'DeleteAsyncInvokeConfig', 204),
        ('GET', 'GetAsyncInvokeConfig', 404),
        ('DELETE', 'DeleteAsyncInvokeConfig', 404),
    ]
    first = records[0]
    assert first['path'] == '/2023-03-30/functions/f1/async-invoke-config'
    assert first['function_name'] == 'f1' and first['query'] == {} and first['access_key_id'] == 'AKIDEXAMPLE'
    assert first['body']['maxAsyncRetryAttempts'] == 1 and first['fault'] is None and first['code'] is None
    assert records[2]['query'] == {'qualifier': 'LATEST'}
    assert records[-1]['code'] == 'AsyncConfigNotExists'
    assert [r['seq'] for r in records] == sorted(r['seq'] for r in records)


@pytest.mark.usefixtures('seeded')
def test_timestamps_are_utc_seconds(fc_client):
    result = put(fc_client(), 'f1').body.to_map()
    assert TIME_RE.match(result['createdTime']) and TIME_RE.match(result['lastModifiedTime'])


def test_replace_semantics_on_request(make_emulator, fc_client):
    emu = make_emulator(put_semantics='replace')
    emu.seed(SEED)
    client = fc_client(emu=emu)
    put(
        client,
        'f1',
        max_async_retry_attempts=1,
        max_async_event_age_in_seconds=60,
        async_task=True,
        destinations={'failure': MNS_ARN},
    )
    result = put(client, 'f1', max_async_retry_attempts=5).body.to_map()
    assert result['maxAsyncRetryAttempts'] == 5
    assert result['maxAsyncEventAgeInSeconds'] == 86400 and result['asyncTask'] is False
    assert 'destinationConfig' not in result
    assert get(client, 'f1') == result


@pytest.mark.parametrize('options', [{}, {'put_semantics': 'merge'}], ids=['default', 'explicit'])
def test_merge_semantics_is_the_default(make_emulator, fc_client, options):
    emu = make_emulator(**options)
    emu.seed(SEED)
    client = fc_client(emu=emu)
    put(
        client,
        'f1',
        max_async_retry_attempts=1,
        max_async_event_age_in_seconds=60,
        async_task=True,
        destinations={'success': FC_ARN, 'failure': MNS_ARN},
    )
    result = put(client, 'f1', max_async_retry_attempts=5).body.to_map()
    assert (result['maxAsyncRetryAttempts'], result['maxAsyncEventAgeInSeconds'], result['asyncTask']) == (5, 60, True)
    assert result['destinationConfig'] == {'onSuccess': {'destination': FC_ARN}, 'onFailure': {'destination': MNS_ARN}}
    # a given destinationConfig replaces the whole destination set
    result = put(client, 'f1', destinations={'failure': MNS_ARN}).body.to_map()
    assert result['destinationConfig'] == {'onFailure': {'destination': MNS_ARN}}
    assert result['maxAsyncRetryAttempts'] == 5
    # {} clears the destinations, other fields stay
    client.put_async_invoke_config(
        'f1',
        fc_models.PutAsyncInvokeConfigRequest(
            body=fc_models.PutAsyncInvokeConfigInput(destination_config=fc_models.DestinationConfig())
        ),
    )
    result = get(client, 'f1')
    assert 'destinationConfig' not in result and result['maxAsyncEventAgeInSeconds'] == 60
    assert emu.requests[-2]['body'] == {'destinationConfig': {}}


@pytest.mark.usefixtures('seeded')
def test_put_of_one_field_keeps_the_others(fc_client):
    client = fc_client()
    put(
        client,
        'f1',
        max_async_retry_attempts=1,
        max_async_event_age_in_seconds=60,
        async_task=True,
        destinations={'success': FC_ARN},
    )
    for fields in ({'max_async_retry_attempts': 2}, {'max_async_event_age_in_seconds': 120}, {'async_task': False}):
        put(client, 'f1', **fields)
    result = get(client, 'f1')
    assert (result['maxAsyncRetryAttempts'], result['maxAsyncEventAgeInSeconds'], result['asyncTask']) == (
        2,
        120,
        False,
    )
    assert result['destinationConfig'] == {'onSuccess': {'destination': FC_ARN}}


@pytest.mark.parametrize(
    'destination_config',
    [
        {'onSuccess': {}},
        {'onFailure': {'destination': ''}},
        {'onSuccess': {'destination': FC_ARN}, 'onFailure': {}},
    ],
)
def test_a_present_but_empty_destination_side_is_refused(seeded, fc_client, destination_config):
    put(fc_client(), 'f1', max_async_retry_attempts=1)
    status, dummy, answer = raw_request(
        seeded,
        'PUT',
        '/2023-03-30/functions/f1/async-invoke-config',
        body=json.dumps({'destinationConfig': destination_config}).encode(),
        action='PutAsyncInvokeConfig',
    )
    assert (status, answer['Code']) == (400, 'InvalidDestinationResources')
    assert answer['Message'] == "The destination resource is invalid: destination can't be empty."
    assert 'destinationConfig' not in get(fc_client(), 'f1')


@pytest.mark.usefixtures('seeded')
def test_destinations_with_an_empty_account_id_are_accepted(fc_client):
    function_arn, topic_arn = 'acs:fc:cn-hangzhou::functions/target', 'acs:mns:cn-hangzhou::/topics/t1/messages'
    result = put(fc_client(), 'f1', destinations={'success': function_arn, 'failure': topic_arn}).body.to_map()
    assert result['destinationConfig'] == {
        'onSuccess': {'destination': function_arn},
        'onFailure': {'destination': topic_arn},
    }


@pytest.mark.usefixtures('seeded')
def test_empty_destination_config_clears(fc_client):
    client = fc_client()
    put(client, 'f1', destinations={'success': FC_ARN})
    result = client.put_async_invoke_config(
        'f1',
        fc_models.PutAsyncInvokeConfigRequest(
            body=fc_models.PutAsyncInvokeConfigInput(
                max_async_retry_attempts=0, destination_config=fc_models.DestinationConfig()
            )
        ),
    ).body.to_map()
    assert 'destinationConfig' not in result and result['maxAsyncRetryAttempts'] == 0
    assert 'destinationConfig' not in get(client, 'f1')


def test_async_config_has_no_function_name_or_qualifier(seeded, fc_client):
    status, dummy, body = raw_request(
        seeded,
        'PUT',
        '/2023-03-30/functions/f1/async-invoke-config?qualifier=prod',
        body=json.dumps({'functionName': 'f1', 'maxAsyncRetryAttempts': 2}).encode(),
        action='PutAsyncInvokeConfig',
    )
    assert status == 200
    assert set(body) == {
        'asyncTask',
        'maxAsyncEventAgeInSeconds',
        'maxAsyncRetryAttempts',
        'functionArn',
        'createdTime',
        'lastModifiedTime',
    }
    assert get(fc_client(), 'f1', 'prod')['maxAsyncRetryAttempts'] == 2


@pytest.mark.parametrize(
    'fields, needle',
    [
        ({'max_async_retry_attempts': 9}, 'maxAsyncRetryAttempts: 9'),
        ({'max_async_retry_attempts': -1}, 'maxAsyncRetryAttempts: -1'),
        ({'max_async_retry_attempts': True}, 'maxAsyncRetryAttempts: true'),
        ({'max_async_event_age_in_seconds': 0}, 'maxAsyncEventAgeInSeconds: 0'),
        ({'max_async_event_age_in_seconds': 604801}, 'maxAsyncEventAgeInSeconds: 604801'),
        ({'max_async_event_age_in_seconds': 'abc'}, 'maxAsyncEventAgeInSeconds: "abc"'),
        ({'async_task': 'yes'}, 'asyncTask: "yes"'),
        ({'destinations': {'failure': 'arn:aws:sqs:x'}}, 'destinationConfig.onFailure.destination: "arn:aws:sqs:x"'),
        ({'destinations': {'success': 'acs:oss:cn-hangzhou:123:bucket'}}, 'destinationConfig.onSuccess.destination'),
    ],
)
def test_put_validation_errors(seeded, fc_client, fields, needle):
    client = fc_client()
    exc = raises(ClientException, put, client, 'f1', **fields)
    assert (exc.code, exc.status_code) == ('InvalidArgument', 400)
    assert needle in exc.data['Message']
    exc = raises(ClientException, get, client, 'f1')
    assert exc.code == 'AsyncConfigNotExists'
    assert seeded.state()['async_configs'] == []


def test_put_body_must_be_object(seeded):
    for body in (b'[1]', b'null', b'{not json'):
        status, dummy, answer = raw_request(seeded, 'PUT', '/2023-03-30/functions/f1/async-invoke-config', body=body)
        assert (status, answer['Code']) == (400, 'InvalidArgument')
    status, dummy, answer = raw_request(
        seeded,
        'PUT',
        '/2023-03-30/functions/f1/async-invoke-config',
        body=b'{"destinationConfig": {"onFailure": {"destination": 5}}}',
    )
    assert (status, answer['Code']) == (400, 'InvalidArgument') and 'onFailure.destination: 5' in answer['Message']


# ---------------------------------------------------------------------- qualifiers, ARNs, errors


@pytest.mark.usefixtures('seeded')
def test_qualifier_by_version_and_alias(fc_client):
    client = fc_client()
    put(client, 'f1', 'LATEST', max_async_retry_attempts=0)
    put(client, 'f1', '2', max_async_retry_attempts=2)
    put(client, 'f1', 'prod', max_async_retry_attempts=1)
    assert get(client, 'f1')['maxAsyncRetryAttempts'] == 0
    version = get(client, 'f1', '2')
    assert (version['maxAsyncRetryAttempts'], version['functionArn']) == (2, ARN_PREFIX + 'f1/2')
    assert get(client, 'f1', 'prod')['functionArn'] == ARN_PREFIX + 'f1/prod'
    exc = raises(ClientException, get, client, 'f1', '1')
    assert (exc.code, exc.status_code) == ('AsyncConfigNotExists', 404)
    arns = [c['functionArn'] for c in list_configs(client)['configs']]
    assert arns == [ARN_PREFIX + 'f1/2', ARN_PREFIX + 'f1', ARN_PREFIX + 'f1/prod']


@pytest.mark.parametrize(
    'name, qualifier, code, status',
    [
        ('f1', '3', 'VersionNotFound', 404),
        ('f1', 'staging', 'AliasNotFound', 404),
        ('f1', 'bad qualifier!', 'InvalidArgument', 400),
        ('f1', '', 'InvalidArgument', 400),
        ('missing', 'bad qualifier!', 'FunctionNotFound', 404),
        ('missing', None, 'FunctionNotFound', 404),
        ('9starts-with-digit', None, 'InvalidArgument', 400),
        ('a/b', None, 'InvalidArgument', 400),
    ],
)
def test_qualifier_and_function_errors(seeded, fc_client, name, qualifier, code, status):
    client = fc_client()
    for call in (
        lambda: get(client, name, qualifier),
        lambda: delete(client, name, qualifier),
        lambda: put(client, name, qualifier, max_async_retry_attempts=1),
    ):
        exc = raises(ClientException, call)
        assert (exc.code, exc.status_code) == (code, status)
    assert seeded.requests[-1]['function_name'] == name


def test_arn_styles(make_emulator, fc_client):
    for style, suffix in (('slash', '/'), ('colon', ':')):
        emu = make_emulator(arn_style=style)
        emu.seed(SEED)
        client = fc_client(emu=emu)
        assert put(client, 'f1', '1').body.to_map()['functionArn'] == ARN_PREFIX + 'f1' + suffix + '1'
        assert put(client, 'f1', 'prod').body.to_map()['functionArn'] == ARN_PREFIX + 'f1' + suffix + 'prod'
        assert put(client, 'f1', 'LATEST').body.to_map()['functionArn'] == ARN_PREFIX + 'f1'
        assert emu.state()['async_configs'][0]['config']['functionArn'] == ARN_PREFIX + 'f1' + suffix + '1'


def test_error_wire_format(seeded):
    status, headers, body = raw_request(
        seeded, 'GET', '/2023-03-30/functions/nope/async-invoke-config', action='GetAsyncInvokeConfig'
    )
    assert status == 404 and headers['content-type'] == 'application/json'
    assert set(body) == {'Code', 'Message', 'RequestId'} and body['Code'] == 'FunctionNotFound'
    assert headers['x-fc-request-id'] == body['RequestId']
    status, dummy, body = raw_request(seeded, 'GET', '/2023-03-30/no/such/path')
    assert (status, body['Code']) == (404, 'PathNotFound')
    status, dummy, body = raw_request(seeded, 'PATCH', '/2023-03-30/functions/f1/async-invoke-config')
    assert (status, body['Code']) == (404, 'PathNotFound')
    status, dummy, body = raw_request(
        seeded, 'GET', '/2023-03-30/functions/f1/async-invoke-config', action='DeleteAsyncInvokeConfig'
    )
    assert (status, body['Code']) == (400, 'InvalidAction')


def test_percent_encoded_function_name_is_recorded_raw_and_decoded(seeded, fc_client):
    exc = raises(ClientException, get, fc_client(), 'f 1/x*~')
    assert exc.code == 'InvalidArgument'
    record = seeded.requests[-1]
    assert record['path'] == '/2023-03-30/functions/f%201%2Fx%2A~/async-invoke-config'
    assert record['function_name'] == 'f 1/x*~'


# ---------------------------------------------------------------------- list


def test_pagination_over_250_configs(emulator, fc_client):
    functions = [{'name': f'fn{i:03d}', 'versions': 1, 'aliases': {'live': '1'} if i % 2 else {}} for i in range(100)]
    configs = [
        {'function_name': f'fn{i:03d}', 'qualifier': q, 'config': {'maxAsyncRetryAttempts': i % 9}}
        for i in range(100)
        for q in ('LATEST', '1')
    ]
    configs += [{'function_name': f'fn{i:03d}', 'qualifier': 'live', 'config': {}} for i in range(1, 100, 2)]
    emulator.seed({'functions': functions, 'async_configs': configs})
    client = fc_client()
    seen, token, pages = [], None, []
    while True:
        page = list_configs(client, limit=100, next_token=token)
        pages.append(len(page['configs']))
        seen.extend(c['functionArn'] for c in page['configs'])
        token = page.get('nextToken')
        if not token:
            assert 'nextToken' not in page
            break
    assert pages == [100, 100, 50]
    assert len(seen) == 250 and len(set(seen)) == 250
    assert seen[:3] == [ARN_PREFIX + 'fn000/1', ARN_PREFIX + 'fn000', ARN_PREFIX + 'fn001/1']
    assert len(list_configs(client)['configs']) == 20  # default limit
    queries = [r['query'] for r in emulator.requests[:3]]
    assert queries[0] == {'limit': '100'} and set(queries[1]) == {'limit', 'nextToken'}


@pytest.mark.parametrize(
    'kwargs',
    [
        {'limit': 0},
        {'limit': 101},
        {'limit': -1},
        {'next_token': 'not a token!'},
        {'next_token': base64.urlsafe_b64encode(b'{"a": 1}').decode()},
        {'next_token': base64.urlsafe_b64encode(b'["only-one"]').decode()},
    ],
)
@pytest.mark.usefixtures('seeded')
def test_list_invalid_limit_and_token(fc_client, kwargs):
    exc = raises(ClientException, list_configs, fc_client(), **kwargs)
    assert (exc.code, exc.status_code) == ('InvalidArgument', 400)


def test_list_invalid_limit_raw(seeded):
    status, dummy, body = raw_request(seeded, 'GET', '/2023-03-30/async-invoke-configs?limit=abc')
    assert (status, body['Code']) == (400, 'InvalidArgument')


@pytest.mark.usefixtures('seeded')
def test_list_function_filter(fc_client):
    client = fc_client()
    put(client, 'f1')
    put(client, 'f1', 'prod')
    put(client, 'f2')
    assert [c['functionArn'] for c in list_configs(client, function_name='f1')['configs']] == [
        ARN_PREFIX + 'f1',
        ARN_PREFIX + 'f1/prod',
    ]
    assert [c['functionArn'] for c in list_configs(client, function_name='f2')['configs']] == [ARN_PREFIX + 'f2']
    assert len(list_configs(client)['configs']) == 3
    exc = raises(ClientException, list_configs, client, function_name='nope')
    assert (exc.code, exc.status_code) == ('FunctionNotFound', 404)
    page = list_configs(client, function_name='f1', limit=1)
    assert len(page['configs']) == 1 and page['nextToken']
    page = list_configs(client, function_name='f1', limit=1, next_token=page['nextToken'])
    assert [c['functionArn'] for c in page['configs']] == [ARN_PREFIX + 'f1/prod'] and 'nextToken' not in page


def list_function_names(client, **kwargs):
    """Every page of ListFunctions with these request fields; the names, in order."""
    names, token = [], None
    while True:
        body = client.list_functions(fc_models.ListFunctionsRequest(limit=100, next_token=token, **kwargs)).body
        names.extend(f.function_name for f in body.functions)
        token = body.next_token
        if not token:
            return names


@pytest.fixture(name='tagged')
def _tagged(emulator):
    emulator.seed(
        {
            'functions': [
                {'name': 'orders-api', 'tags': {'team': 'payments', 'env': 'prod'}, 'resource_group_id': 'rg-a'},
                {'name': 'orders-worker', 'runtime': 'nodejs18', 'tags': {'team': 'payments', 'env': 'dev'}},
                {'name': 'search-api', 'tags': {'team': 'search', 'env': 'prod'}, 'resource_group_id': 'rg-a'},
                {'name': 'untagged'},
            ]
        }
    )
    return emulator


@pytest.mark.usefixtures('tagged')
@pytest.mark.parametrize(
    'kwargs, expected',
    [
        ({}, ['orders-api', 'orders-worker', 'search-api', 'untagged']),
        ({'prefix': 'orders-'}, ['orders-api', 'orders-worker']),
        ({'runtime': 'nodejs18'}, ['orders-worker']),
        ({'resource_group_id': 'rg-a'}, ['orders-api', 'search-api']),
        ({'tags': [fc_models.Tag(key='team', value='payments')]}, ['orders-api', 'orders-worker']),
        (
            {'tags': [fc_models.Tag(key='team', value='payments'), fc_models.Tag(key='env', value='prod')]},
            ['orders-api'],
        ),
        ({'tags': [fc_models.Tag(key='env', value='prod')], 'prefix': 'search'}, ['search-api']),
        ({'tags': [fc_models.Tag(key='team', value='pay')]}, []),
        ({'fc_version': 'v3'}, ['orders-api', 'orders-worker', 'search-api', 'untagged']),
        ({'fc_version': 'v2'}, []),
    ],
)
def test_list_functions_filters(fc_client, kwargs, expected):
    assert list_function_names(fc_client(), **kwargs) == expected


def test_listed_functions_carry_tags_but_not_the_state_fields_get_function_has(tagged, fc_client):
    client = fc_client()
    listed = client.list_functions(fc_models.ListFunctionsRequest(prefix='orders-api')).body.functions[0].to_map()
    assert listed['tags'] == [{'Key': 'team', 'Value': 'payments'}, {'Key': 'env', 'Value': 'prod'}]
    assert listed['resourceGroupId'] == 'rg-a'
    assert 'state' not in listed and 'lastUpdateStatus' not in listed
    full = client.get_function('orders-api', fc_models.GetFunctionRequest()).body.to_map()
    assert (full['state'], full['lastUpdateStatus']) == ('Active', 'Successful')


@pytest.mark.parametrize(
    'query, needle',
    [
        ('tags=notjson', 'invalid tags'),
        ('tags=%7B%22Key%22%3A%22a%22%7D', 'invalid tags'),
        ('tags=%5B%7B%22Value%22%3A%22a%22%7D%5D', 'invalid tags'),
        ('fcVersion=v4', 'invalid fcVersion'),
    ],
)
def test_list_functions_bad_filters(tagged, query, needle):
    status, _headers, body = raw_request(tagged, 'GET', '/2023-03-30/functions?' + query, action='ListFunctions')
    assert (status, body['Code']) == (400, 'InvalidArgument') and needle in body['Message']


def test_the_sdk_sends_tags_as_a_json_list(tagged, fc_client):
    tagged.clear_requests()
    fc_client().list_functions(fc_models.ListFunctionsRequest(tags=[fc_models.Tag(key='team', value='payments')]))
    assert tagged.requests[0]['query']['tags'] == '[{"Key":"team","Value":"payments"}]'


@pytest.mark.parametrize('function', [{'name': 'f', 'tags': ['team']}, {'name': 'f', 'tags': {'tier': 1}}])
def test_seed_tags_must_map_keys_to_strings(emulator, function):
    with pytest.raises(ValueError, match='seed function tags must map tag keys to string values'):
        emulator.seed({'functions': [function]})
    assert emulator.state()['functions'] == []


# ---------------------------------------------------------------------- functions, versions, aliases


def test_function_version_alias_operations(fc_client):
    client = fc_client()
    create = fc_models.CreateFunctionRequest(
        body=fc_models.CreateFunctionInput(
            function_name='fx',
            runtime='python3.10',
            handler='index.handler',
            code=fc_models.InputCodeLocation(zip_file='UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=='),
        )
    )
    function = client.create_function(create).body.to_map()
    assert function['functionName'] == 'fx' and function['functionArn'] == ARN_PREFIX + 'fx' and 'code' not in function
    exc = raises(ClientException, client.create_function, create)
    assert (exc.code, exc.status_code) == ('FunctionAlreadyExists', 409)
    assert client.get_function('fx', fc_models.GetFunctionRequest()).body.function_name == 'fx'
    assert [
        f.function_name for f in client.list_functions(fc_models.ListFunctionsRequest(prefix='f')).body.functions
    ] == ['fx']

    assert (
        client.publish_function_version(
            'fx', fc_models.PublishFunctionVersionRequest(body=fc_models.PublishVersionInput(description='one'))
        ).body.version_id
        == '1'
    )
    assert client.publish_function_version('fx', fc_models.PublishFunctionVersionRequest()).body.version_id == '2'
    versions = client.list_function_versions('fx', fc_models.ListFunctionVersionsRequest()).body
    assert [v.version_id for v in versions.versions] == ['2', '1'] and versions.direction == 'BACKWARD'
    versions = client.list_function_versions(
        'fx', fc_models.ListFunctionVersionsRequest(direction='FORWARD', limit=1)
    ).body
    assert [v.version_id for v in versions.versions] == ['1'] and versions.next_token

    alias = client.create_alias(
        'fx', fc_models.CreateAliasRequest(body=fc_models.CreateAliasInput(alias_name='prod', version_id='1'))
    ).body
    assert (alias.alias_name, alias.version_id) == ('prod', '1')
    exc = raises(
        ClientException,
        client.create_alias,
        'fx',
        fc_models.CreateAliasRequest(body=fc_models.CreateAliasInput(alias_name='dev', version_id='7')),
    )
    assert (exc.code, exc.status_code) == ('VersionNotFound', 404)
    assert client.get_alias('fx', 'prod').body.version_id == '1'
    assert [a.alias_name for a in client.list_aliases('fx', fc_models.ListAliasesRequest()).body.aliases] == ['prod']

    put(client, 'fx', 'prod')
    put(client, 'fx', '2')
    put(client, 'fx')
    assert client.delete_alias('fx', 'prod').status_code == 204
    exc = raises(ClientException, client.get_alias, 'fx', 'prod')
    assert (exc.code, exc.status_code) == ('AliasNotFound', 404)
    assert [c['functionArn'] for c in list_configs(client)['configs']] == [ARN_PREFIX + 'fx/2', ARN_PREFIX + 'fx']

    assert client.delete_function('fx').status_code == 204
    assert list_configs(client)['configs'] == []
    exc = raises(ClientException, client.get_function, 'fx', fc_models.GetFunctionRequest())
    assert (exc.code, exc.status_code) == ('FunctionNotFound', 404)


# ---------------------------------------------------------------------- authentication


def test_wrong_secret_is_rejected(seeded, fc_client):
    exc = raises(ClientException, get, fc_client(access_key_secret='WRONG'), 'f1')
    assert (exc.code, exc.status_code) == ('SignatureNotMatch', 403)
    assert 'does not match the signature you provided' in exc.data['Message']
    assert seeded.requests[-1]['access_key_id'] == 'AKIDEXAMPLE' and seeded.requests[-1]['status'] == 403


def test_unknown_access_key_is_rejected(seeded, fc_client):
    exc = raises(ClientException, get, fc_client(access_key_id='AKIDUNKNOWN'), 'f1')
    assert (exc.code, exc.status_code) == ('InvalidAccessKeyID', 403)
    assert seeded.requests[-1]['access_key_id'] == 'AKIDUNKNOWN'


def test_sts_credentials(seeded, fc_client):
    client = fc_client(access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET', security_token='STSTOKEN')
    assert put(client, 'f1', max_async_retry_attempts=4).status_code == 200
    assert seeded.requests[-1]['access_key_id'] == 'STS.EXAMPLE'
    exc = raises(
        ClientException,
        get,
        fc_client(access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET', security_token='WRONG'),
        'f1',
    )
    assert (exc.code, exc.status_code) == ('InvalidSecurityToken', 403)
    exc = raises(ClientException, get, fc_client(access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET'), 'f1')
    assert exc.code == 'InvalidSecurityToken'
    exc = raises(
        ClientException,
        get,
        fc_client(access_key_id='STS.EXAMPLE', access_key_secret='WRONG', security_token='STSTOKEN'),
        'f1',
    )
    assert exc.code == 'SignatureNotMatch'
    dumped = json.dumps(seeded.requests) + json.dumps(seeded.state())
    assert 'STSSECRET' not in dumped and 'STSTOKEN' not in dumped and 'SECRETEXAMPLE' not in dumped
    assert 'STSTOKEN' not in exc.data['Message']


def test_raw_signed_request_and_tampered_body(seeded):
    target = '/2023-03-30/functions/f1/async-invoke-config?qualifier=prod'
    body = json.dumps({'maxAsyncRetryAttempts': 1}).encode()
    status, dummy, answer = raw_request(seeded, 'PUT', target, body=body, action='PutAsyncInvokeConfig')
    assert status == 200 and answer['maxAsyncRetryAttempts'] == 1
    tampered = json.dumps({'maxAsyncRetryAttempts': 8}).encode()
    status, dummy, answer = raw_request(
        seeded, 'PUT', target, body=body, send_body=tampered, action='PutAsyncInvokeConfig'
    )
    assert (status, answer['Code']) == (403, 'SignatureNotMatch') and 'x-acs-content-sha256' in answer['Message']
    assert (
        seeded.requests[-1]['body'] == {'maxAsyncRetryAttempts': 8}
        and seeded.requests[-1]['code'] == 'SignatureNotMatch'
    )
    # body hash header consistent with the tampered body, but the signature is not
    status, dummy, answer = raw_request(
        seeded,
        'PUT',
        target,
        body=body,
        send_body=tampered,
        extra_headers={'x-acs-content-sha256': hashlib.sha256(tampered).hexdigest()},
    )
    assert (status, answer['Code']) == (403, 'SignatureNotMatch')
    assert raw_request(seeded, 'GET', target)[2]['maxAsyncRetryAttempts'] == 1


def test_tampered_query_and_missing_or_malformed_auth(seeded):
    status, dummy, answer = raw_request(
        seeded, 'GET', '/2023-03-30/functions/f1/async-invoke-config?qualifier=LATEST', sign=False
    )
    assert (status, answer['Code']) == (403, 'AccessDenied')
    assert seeded.requests[-1]['access_key_id'] is None
    status, dummy, answer = raw_request(
        seeded, 'GET', '/2023-03-30/functions/f1', sign=False, extra_headers={'authorization': 'Bearer abc'}
    )
    assert (status, answer['Code']) == (403, 'AccessDenied')
    status, dummy, answer = raw_request(
        seeded,
        'GET',
        '/2023-03-30/functions/f1',
        sign=False,
        extra_headers={'authorization': 'ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE'},
    )
    assert (status, answer['Code']) == (403, 'AccessDenied')


def test_request_time_too_skewed(seeded):
    status, dummy, answer = raw_request(seeded, 'GET', '/2023-03-30/functions/f1', date='2020-01-01T00:00:00Z')
    assert (status, answer['Code']) == (403, 'RequestTimeTooSkewed')
    recent = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 600))
    assert raw_request(seeded, 'GET', '/2023-03-30/functions/f1', date=recent)[0] == 200


def test_signed_query_with_special_characters(seeded, fc_client):
    client = fc_client()
    for i in range(3):
        put(client, 'f1', str(i + 1) if i < 2 else 'prod')
    page = list_configs(client, function_name='f1', limit=1)
    token = page['nextToken']
    page = list_configs(client, function_name='f1', limit=1, next_token=token)
    assert len(page['configs']) == 1
    functions = client.list_functions(fc_models.ListFunctionsRequest(prefix='f 1*~é+&=')).body.functions
    assert functions == []
    assert seeded.requests[-1]['query'] == {'prefix': 'f 1*~é+&='}
    status, dummy, answer = raw_request(seeded, 'GET', '/2023-03-30/functions?prefix=f+1%2A%7E&limit=5')
    assert status == 200 and answer == {'functions': []}


# ---------------------------------------------------------------------- faults


def test_status_faults_then_success(seeded, fc_client):
    seeded.add_fault(status=429, count=2)
    client = fc_client()
    exc = raises(ClientException, get, client, 'f1')
    assert (exc.code, exc.status_code) == ('ResourceThrottled', 429)
    assert len(seeded.requests) == 1
    exc = raises(ClientException, get, client, 'f1')
    assert exc.code == 'ResourceThrottled'
    raises(ClientException, get, client, 'f1')  # fault used up; now a normal AsyncConfigNotExists
    records = seeded.requests
    assert [(r['status'], r['code'], r['fault']) for r in records] == [
        (429, 'ResourceThrottled', 'status'),
        (429, 'ResourceThrottled', 'status'),
        (404, 'AsyncConfigNotExists', None),
    ]


def test_status_faults_with_sdk_retries(seeded, fc_client):
    seeded.add_fault(status=429, count=2, retry_after_ms=10)
    # Older SDKs (tea-openapi < 0.4.6) raise a 429 as ClientException even with x-acs-retry-after.
    retry = RetryOptions(
        {
            'retryable': True,
            'retryCondition': [
                {
                    'maxAttempts': 3,
                    'exception': ['ThrottlingException', 'ClientException', 'ServerException'],
                    'backoff': {'policy': 'Fixed', 'period': 10},
                }
            ],
        }
    )
    client = fc_client(retry_options=retry)
    assert put(client, 'f1', max_async_retry_attempts=1).status_code == 200
    assert [(r['status'], r['fault']) for r in seeded.requests] == [(429, 'status'), (429, 'status'), (200, None)]


def test_fault_kinds_and_filters(seeded, fc_client):
    client = fc_client()
    seeded.add_fault(status=503, action='ListAsyncInvokeConfigs')
    seeded.add_fault(status=500, method='PUT', code='InternalError', message='boom')
    seeded.add_fault(status=418)
    seeded.add_fault(status=429, retry_after_ms=1500)
    exc = raises(ServerException, put, client, 'f1')
    assert (exc.code, exc.status_code, exc.data['Message']) == ('InternalError', 500, 'boom')
    exc = raises(ServerException, list_configs, client)
    assert (exc.code, exc.status_code) == ('ServiceUnavailable', 503)
    exc = raises(ClientException, get, client, 'f1')
    assert (exc.code, exc.status_code) == ('InjectedFault', 418)
    # tea-openapi 0.4.6 turns x-acs-retry-after into ThrottlingException; older SDKs raise ClientException.
    exc = raises((ThrottlingException, ClientException), get, client, 'f1')
    assert (exc.code, exc.status_code) == ('ResourceThrottled', 429)
    if isinstance(exc, ThrottlingException):
        assert exc.retry_after == 1500
    assert put(client, 'f1').status_code == 200
    seeded.add_fault(status=502)
    seeded.clear_faults()
    assert put(client, 'f1').status_code == 200


def test_drop_fault_applies_the_request_and_loses_the_answer(seeded, fc_client):
    seeded.add_fault(drop=True, action='PutAsyncInvokeConfig')
    client = fc_client()
    with pytest.raises(UnretryableException):
        put(client, 'f1', max_async_retry_attempts=7)
    assert get(client, 'f1')['maxAsyncRetryAttempts'] == 7
    assert [(r['action'], r['status'], r['fault']) for r in seeded.requests] == [
        ('PutAsyncInvokeConfig', 200, 'drop'),
        ('GetAsyncInvokeConfig', 200, None),
    ]


def test_a_fault_can_hit_one_function_only(seeded, fc_client):
    seeded.add_fault(status=429, count=10, function='f2')
    client = fc_client()
    assert put(client, 'f1', max_async_retry_attempts=1).status_code == 200
    exc = raises(ClientException, put, client, 'f2', max_async_retry_attempts=1)
    assert exc.code == 'ResourceThrottled'
    assert [(r['function_name'], r['fault']) for r in seeded.requests] == [('f1', None), ('f2', 'status')]


def test_body_fault_answers_with_a_foreign_page(seeded):
    seeded.add_fault(status=404, body='<html><body>Not Found</body></html>')
    conn = http.client.HTTPConnection('127.0.0.1', seeded.port, timeout=5)
    try:
        conn.request('GET', '/2023-03-30/functions/f1/async-invoke-config')
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (404, b'<html><body>Not Found</body></html>')
        assert resp.getheader('Content-Type') == 'text/html'
        assert resp.getheader('x-fc-request-id') is None
    finally:
        conn.close()
    assert seeded.requests[-1]['fault'] == 'status' and seeded.requests[-1]['status'] == 404


def test_add_fault_rejects_bad_arguments(emulator):
    for kwargs in (
        {},
        {'status': 429, 'hang': 1},
        {'status': 200},
        {'status': '429'},
        {'hang': -1},
        {'status': 429, 'count': 0},
        {'hang': 1, 'code': 'X'},
        {'status': 500, 'retry_after_ms': 0},
        {'drop': True, 'status': 500},
        {'drop': 'yes'},
        {'hang': 1, 'body': 'x'},
        {'status': 404, 'body': 5},
        {'drop': True, 'code': 'X'},
        {'status': 429, 'function': ''},
    ):
        with pytest.raises(ValueError):
            emulator.add_fault(**kwargs)


def test_hang_fault_times_out_and_stop_is_prompt(seeded, fc_client):
    seeded.add_fault(hang=3.0, action='GetAsyncInvokeConfig')
    client = fc_client()
    start = time.monotonic()
    with pytest.raises(UnretryableException):
        client.get_async_invoke_config_with_options(
            'f1', fc_models.GetAsyncInvokeConfigRequest(), {}, RuntimeOptions(read_timeout=500)
        )
    assert time.monotonic() - start < 2
    assert seeded.requests[-1]['fault'] == 'hang' and seeded.requests[-1]['status'] is None
    start = time.monotonic()
    seeded.stop()
    assert time.monotonic() - start < 1


def test_short_hang_then_normal_answer(seeded, fc_client):
    seeded.add_fault(hang=0.2)
    start = time.monotonic()
    assert put(fc_client(), 'f1').status_code == 200
    assert time.monotonic() - start >= 0.2
    assert seeded.requests[-1]['fault'] == 'hang' and seeded.requests[-1]['status'] == 200


# ---------------------------------------------------------------------- seed, state, admin API


def test_seed_and_state(emulator):
    emulator.seed(
        {
            'functions': SEED['functions'],
            'async_configs': [
                {
                    'function_name': 'f1',
                    'qualifier': 'prod',
                    'config': {
                        'maxAsyncRetryAttempts': 1,
                        'destinationConfig': {'onFailure': {'destination': MNS_ARN}},
                    },
                }
            ],
        }
    )
    state = emulator.state()
    assert json.loads(json.dumps(state)) == state
    assert [(f['name'], f['versions'], f['aliases']) for f in state['functions']] == [
        ('f1', ['1', '2'], {'prod': '1'}),
        ('f2', [], {}),
    ]
    (config,) = state['async_configs']
    assert (config['function_name'], config['qualifier']) == ('f1', 'prod')
    assert config['config']['destinationConfig'] == {'onFailure': {'destination': MNS_ARN}}
    assert config['config']['maxAsyncEventAgeInSeconds'] == 86400


@pytest.mark.parametrize(
    'data',
    [
        {'async_configs': [{'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 99}}]},
        {'async_configs': [{'function_name': 'nope', 'config': {}}]},
        {'async_configs': [{'function_name': 'f1', 'qualifier': 'staging', 'config': {}}]},
        {'functions': [{'name': 'f1'}]},
        {'functions': [{'name': 'g', 'aliases': {'a': '5'}}]},
        {'functions': [{'name': 'g', 'colour': 'red'}]},
        {'unknown': []},
    ],
)
def test_seed_fails_loudly_and_atomically(seeded, data):
    before = seeded.state()
    with pytest.raises(ValueError):
        seeded.seed({'functions': [{'name': 'new1'}], **data} if 'functions' not in data else data)
    assert seeded.state() == before


def test_reset(seeded, fc_client):
    put(fc_client(), 'f1')
    seeded.add_fault(status=500)
    seeded.reset()
    assert seeded.state()['functions'] == [] and seeded.requests == [] and seeded.faults == []


def test_admin_api(emulator, fc_client):
    assert admin(emulator, 'POST', 'seed', SEED) == (200, {'ok': True})
    client = fc_client()
    put(client, 'f1', max_async_retry_attempts=2)
    status, state = admin(emulator, 'GET', 'state')
    assert status == 200 and state['async_configs'][0]['config']['maxAsyncRetryAttempts'] == 2

    status, answer = admin(emulator, 'POST', 'faults', {'status': 503, 'count': 1, 'action': 'GetAsyncInvokeConfig'})
    assert status == 200 and answer['fault']['status'] == 503
    exc = raises(ServerException, get, client, 'f1')
    assert exc.code == 'ServiceUnavailable'
    admin(emulator, 'POST', 'faults', {'status': 500, 'count': 5})
    assert admin(emulator, 'DELETE', 'faults') == (200, {'ok': True})
    assert get(client, 'f1')['maxAsyncRetryAttempts'] == 2

    status, answer = admin(emulator, 'GET', 'requests')
    assert status == 200 and [r['action'] for r in answer['requests']] == [
        'PutAsyncInvokeConfig',
        'GetAsyncInvokeConfig',
        'GetAsyncInvokeConfig',
    ]
    assert answer['requests'][1]['fault'] == 'status'
    assert admin(emulator, 'DELETE', 'requests') == (200, {'ok': True})
    assert admin(emulator, 'GET', 'requests') == (200, {'requests': []})

    assert admin(emulator, 'POST', 'faults', {'status': 'x'})[0] == 400
    assert admin(emulator, 'POST', 'faults', {'status': 500, 'bogus': 1})[0] == 400
    assert admin(emulator, 'POST', 'faults', [1])[0] == 400
    status, answer = admin(emulator, 'POST', 'seed', {'functions': [{'name': '1bad'}]})
    assert status == 400 and 'functionName' in answer['error']
    assert admin(emulator, 'GET', 'nope')[0] == 404
    assert admin(emulator, 'POST', 'reset') == (200, {'ok': True})
    assert admin(emulator, 'GET', 'state')[1]['functions'] == []
    assert emulator.requests == []  # admin calls are never recorded


def test_properties_and_context_manager():
    with Emulator() as emu:
        assert emu.port > 0
        assert emu.endpoint == f'127.0.0.1:{emu.port}' and emu.url == f'http://127.0.0.1:{emu.port}'
        assert admin(emu, 'GET', 'state')[0] == 200
        port = emu.port
    with pytest.raises(OSError):
        urllib.request.urlopen(f'http://127.0.0.1:{port}/_emulator/state', timeout=1)  # pylint: disable=consider-using-with
    with pytest.raises(ValueError):
        Emulator(arn_style='dash')
    with pytest.raises(ValueError):
        Emulator(put_semantics='patch')


# ---------------------------------------------------------------------- service limits


def test_rate_limit_answers_too_many_requests_beyond_the_bucket(seeded, fc_client):
    seeded.set_rate_limit(5, burst=3)
    client = fc_client()
    statuses = []
    for dummy in range(6):
        try:
            get(client, 'f2')
        except ClientException as exc:
            statuses.append((exc.status_code, exc.code))
    # The three tokens of the burst go to the first three (answered: there is no config), then flow control.
    assert statuses[:3] == [(404, 'AsyncConfigNotExists')] * 3
    assert statuses[3:] == [(429, 'TooManyRequests')] * 3
    assert [r['code'] for r in seeded.requests][3:] == ['TooManyRequests'] * 3
    time.sleep(0.45)  # two tokens at 5/s
    outcomes = []
    for dummy in range(3):
        try:
            get(client, 'f2')
        except ClientException as exc:
            outcomes.append(exc.code)
    assert outcomes == ['AsyncConfigNotExists', 'AsyncConfigNotExists', 'TooManyRequests']


def test_rate_limit_sustains_its_rate_and_can_ask_for_a_wait(seeded, fc_client):
    seeded.set_rate_limit(20, burst=1, retry_after_ms=1500)
    client = fc_client()
    answered = 0
    started = time.monotonic()
    while time.monotonic() - started < 1.0:
        try:
            get(client, 'f2')
        except (ClientException, ThrottlingException) as exc:  # older SDKs raise a 429 as a ClientException
            answered += exc.code != 'TooManyRequests'
    elapsed = time.monotonic() - started
    # Never more than the burst plus the rate allows; fewer by a client's own time between tries (a loaded
    # machine: each try of the SDK takes milliseconds).
    assert 5 <= answered <= 1 + 20 * elapsed
    status, headers, answer = raw_request(seeded, 'GET', '/2023-03-30/functions/f2/async-invoke-config')
    assert (status, answer['Code'], headers['x-acs-retry-after']) == (429, 'TooManyRequests', '1500')
    seeded.set_rate_limit(None)
    assert raises(ClientException, get, client, 'f2').code == 'AsyncConfigNotExists'
    assert seeded.limits == {'rate': None, 'burst': None, 'retry_after_ms': None, 'latency': 0}


def test_latency_holds_every_answer_back(seeded, fc_client):
    seeded.set_latency(0.2)
    client = fc_client()
    started = time.monotonic()
    raises(ClientException, get, client, 'f2')
    assert 0.2 <= time.monotonic() - started < 0.6
    seeded.set_latency(0)
    started = time.monotonic()
    raises(ClientException, get, client, 'f2')
    assert time.monotonic() - started < 0.15


def test_limits_through_the_admin_api_and_bad_values(emulator):
    assert admin(emulator, 'PUT', 'limits', {'rate': 2.5, 'retry_after_ms': 100, 'latency': 0.01}) == (
        200,
        {'limits': {'rate': 2.5, 'burst': 3, 'retry_after_ms': 100, 'latency': 0.01}},
    )
    assert admin(emulator, 'GET', 'limits')[1]['limits']['rate'] == 2.5
    assert admin(emulator, 'PUT', 'limits', {}) == (
        200,
        {'limits': {'rate': None, 'burst': None, 'retry_after_ms': None, 'latency': 0}},
    )
    for bad in ({'rate': 0}, {'rate': 'fast'}, {'rate': 1, 'burst': 0}, {'burst': 2}, {'latency': -1}, {'speed': 1}):
        assert admin(emulator, 'PUT', 'limits', bad)[0] == 400, bad
    with pytest.raises(ValueError):
        Emulator(rate_limit=-1)
    with pytest.raises(ValueError):
        Emulator(latency=True)


def test_records_carry_their_arrival_time(seeded, fc_client):
    before = time.time()
    raises(ClientException, get, fc_client(), 'f2')
    assert before <= seeded.requests[0]['time'] <= time.time()


# ---------------------------------------------------------------------- command line


def start_cli(*args):
    env = {k: v for k, v in os.environ.items() if 'proxy' not in k.lower()}
    return subprocess.Popen(
        [sys.executable, EMULATOR_PATH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def stop_cli(proc, signum):
    proc.send_signal(signum)
    try:
        return proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_take_returns_the_requests_and_clears_them(seeded, fc_client):
    raises(ClientException, get, fc_client(), 'f2')
    status, taken = admin(seeded, 'POST', 'requests/take')
    assert status == 200 and [(r['action'], r['status']) for r in taken['requests']] == [('GetAsyncInvokeConfig', 404)]
    assert seeded.requests == [] and admin(seeded, 'POST', 'requests/take') == (200, {'requests': []})


def test_semantics_switch_at_run_time_and_keep_the_store(seeded, fc_client):
    client = fc_client()
    put(client, 'f1', '1', max_async_retry_attempts=7)
    assert admin(seeded, 'GET', 'semantics') == (200, {'semantics': {'arn_style': 'slash', 'put_semantics': 'merge'}})
    assert admin(seeded, 'PUT', 'semantics', {'arn_style': 'colon', 'put_semantics': 'replace'}) == (
        200,
        {'semantics': {'arn_style': 'colon', 'put_semantics': 'replace'}},
    )
    assert get(client, 'f1', '1')['functionArn'].endswith('functions/f1:1')
    assert (
        put(client, 'f1', '1', max_async_event_age_in_seconds=60).body.to_map()['maxAsyncRetryAttempts'] == 3
    )  # replaced
    switched_back = admin(seeded, 'PUT', 'semantics', {'arn_style': 'slash'})[1]['semantics']
    assert switched_back == {'arn_style': 'slash', 'put_semantics': 'replace'}
    assert get(client, 'f1', '1')['functionArn'].endswith('functions/f1/1')
    for bad in ({'arn_style': 'dash'}, {'put_semantics': 'patch'}, {'latency': 1}, ['colon']):
        assert admin(seeded, 'PUT', 'semantics', bad)[0] == 400, bad
    assert seeded.semantics == {'arn_style': 'slash', 'put_semantics': 'replace'}


def test_cli_subprocess(tmp_path, fc_client):
    seed_file = tmp_path / 'seed.json'
    seed_file.write_text(
        json.dumps(
            {
                'functions': [{'name': 'cli-fn', 'versions': 1}],
                'async_configs': [
                    {'function_name': 'cli-fn', 'qualifier': '1', 'config': {'maxAsyncRetryAttempts': 7}}
                ],
            }
        )
    )
    port_file = tmp_path / 'port'
    with start_cli(
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--port-file',
        str(port_file),
        '--access-key',
        'AKCLI:SECRETCLI',
        '--access-key',
        'AK2:S2',
        '--sts',
        'STS.CLI:S:T',
        '--region',
        'cn-shanghai',
        '--account-id',
        '42',
        '--seed',
        str(seed_file),
        '--arn-style',
        'colon',
        '--put-semantics',
        'merge',
        '--rate-limit',
        '50',
        '--burst',
        '20',
        '--rate-limit-retry-after',
        '700',
        '--latency',
        '0.05',
    ) as proc:
        try:
            line = proc.stdout.readline().strip()
            port = int(port_file.read_text().strip())
            assert line == f'fc3-emulator listening on http://127.0.0.1:{port}'
            where = {'endpoint': f'127.0.0.1:{port}', 'region_id': 'cn-shanghai'}
            result = get(fc_client(access_key_id='AKCLI', access_key_secret='SECRETCLI', **where), 'cli-fn', '1')
            assert (
                result['maxAsyncRetryAttempts'] == 7
                and result['functionArn'] == 'acs:fc:cn-shanghai:42:functions/cli-fn:1'
            )
            sts = fc_client(access_key_id='STS.CLI', access_key_secret='S', security_token='T', **where)
            assert (
                put(sts, 'cli-fn', '1', max_async_event_age_in_seconds=60).body.to_map()['maxAsyncRetryAttempts'] == 7
            )  # merge
            assert put(fc_client(access_key_id='AK2', access_key_secret='S2', **where), 'cli-fn').status_code == 200
            exc = raises(
                ClientException, get, fc_client(**where), 'cli-fn'
            )  # the default key is off when --access-key is given
            assert exc.code == 'InvalidAccessKeyID'
            with urllib.request.urlopen(f'http://127.0.0.1:{port}/_emulator/limits', timeout=5) as answer:
                assert json.loads(answer.read())['limits'] == {
                    'rate': 50,
                    'burst': 20,
                    'retry_after_ms': 700,
                    'latency': 0.05,
                }
        finally:
            assert stop_cli(proc, signal.SIGTERM) == 0


def test_cli_defaults_and_sigint(fc_client):
    with start_cli() as proc:
        try:
            match = re.match(r'^fc3-emulator listening on http://127\.0\.0\.1:(\d+)$', proc.stdout.readline().strip())
            assert match
            client = fc_client(endpoint=f'127.0.0.1:{match.group(1)}')  # default AKIDEXAMPLE:SECRETEXAMPLE
            exc = raises(ClientException, get, client, 'nope')
            assert exc.code == 'FunctionNotFound'
        finally:
            assert stop_cli(proc, signal.SIGINT) == 0


def test_cli_rejects_bad_limits():
    result = subprocess.run(
        [sys.executable, EMULATOR_PATH, '--burst', '3'], capture_output=True, text=True, timeout=10, check=False
    )
    assert result.returncode == 2 and 'burst and retry_after_ms need a rate' in result.stderr


def test_cli_rejects_bad_seed(tmp_path):
    seed_file = tmp_path / 'seed.json'
    seed_file.write_text(json.dumps({'async_configs': [{'function_name': 'missing', 'config': {}}]}))
    result = subprocess.run(
        [sys.executable, EMULATOR_PATH, '--seed', str(seed_file)],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert result.returncode == 2 and 'FunctionNotFound' in result.stderr


def test_cli_port_in_use_is_one_line_and_an_exit_status(tmp_path):
    with fc3_launcher.start() as first:
        port = str(first.port)
        result = subprocess.run(
            [sys.executable, EMULATOR_PATH, '--port', port, '--port-file', str(tmp_path / 'port')],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == f'fc3-emulator: cannot listen on 127.0.0.1:{port}: Address already in use\n'
    assert result.stdout == '' and not (tmp_path / 'port').exists()


def test_cli_help_explains_every_option():
    result = subprocess.run(
        [sys.executable, EMULATOR_PATH, '--help'], capture_output=True, text=True, timeout=10, check=True
    )
    text = ' '.join(result.stdout.split())
    options = re.findall(r'^  (--[a-z-]+)', result.stdout, re.M)
    assert options == [
        '--host',
        '--port',
        '--port-file',
        '--access-key',
        '--sts',
        '--region',
        '--account-id',
        '--seed',
        '--arn-style',
        '--put-semantics',
        '--facts',
        '--rate-limit',
        '--burst',
        '--rate-limit-retry-after',
        '--latency',
        '--write-conflicts',
        '--exit-with',
        '--role',
        '--role-external-id',
        '--sts-lifetime',
    ]
    # Each option's help says what it changes and its default.
    for needle in (
        'default 127.0.0.1',
        'default 0: a free port',
        'default, only when none is given: AKIDEXAMPLE:SECRETEXAMPLE',
        'x-acs-security-token (repeatable; default: none)',
        'region written into every functionArn',
        'default cn-hangzhou',
        'account ID written into every functionArn it returns (default 1234567890123456)',
        '(default: start empty)',
        '.../functions/NAME/QUALIFIER, colon .../functions/NAME:QUALIFIER',
        'should both read (default slash)',
        'replace resets them to the service defaults',
        'merge keeps their stored values',
        '(default merge)',
        'once listening, write the port to this file',
        '(token bucket; default: no limit)',
        '(default: RATE rounded up)',
        '429 of the rate limit (default: not sent)',
        'hold every API answer back SECONDS (default 0)',
        'stop once process PID has ended',
        '(checked twice a second; default: run until SIGTERM or SIGINT)',
    ):
        assert needle in text, needle


@pytest.mark.parametrize(
    'arn',
    [
        'acs:fc:cn-hangzhou:1234567890123456:services/svc.LATEST/functions/x',
        'acs:fc:cn-hangzhou:1234567890123456:services/svc/functions/x',
    ],
)
def test_put_refuses_an_fc2_destination_as_the_service_does(seeded, fc_client, arn):
    client = fc_client()
    exc = raises(ClientException, put, client, 'f1', destinations={'failure': arn})
    assert (exc.code, exc.status_code) == ('InvalidDestinationResources', 400)
    assert exc.data['Message'].startswith(
        'The destination resource is invalid: %s is a Function Compute 2.0 function' % arn
    )
    assert seeded.state()['async_configs'] == []
    # The FC 3.0 form of the same function is stored.
    assert put(client, 'f1', destinations={'failure': ARN_PREFIX + 'x'}).status_code == 200


# ---------------------------------------------------------------------- STS (AssumeRole), issue 21

ROLE_ARN = 'acs:ram::2222222222222222:role/deployer'


def role_provider(emu, access_key_id='AKIDEXAMPLE', secret='SECRETEXAMPLE', security_token=None, **kwargs):
    """alibabacloud-credentials' own AssumeRole provider, pointed at the emulator."""
    from alibabacloud_credentials.provider import (  # pylint: disable=import-outside-toplevel
        RamRoleArnCredentialsProvider,
        StaticAKCredentialsProvider,
        StaticSTSCredentialsProvider,
    )

    if security_token:
        source = StaticSTSCredentialsProvider(
            access_key_id=access_key_id, access_key_secret=secret, security_token=security_token
        )
    else:
        source = StaticAKCredentialsProvider(access_key_id=access_key_id, access_key_secret=secret)
    kwargs.setdefault('role_arn', ROLE_ARN)
    return RamRoleArnCredentialsProvider(credentials_provider=source, sts_endpoint=emu.url, **kwargs)


def refusal(provider):
    """The (HTTP status, STS body) of the library's exception for a refused AssumeRole."""
    with pytest.raises(Exception) as raised:
        provider.get_credentials()
    status, body = re.search(r'http_code: (\d+), result: (.*)$', str(raised.value), re.S).groups()
    return int(status), json.loads(body)


def sts_query(emu, params, secret='SECRETEXAMPLE', plus=False):
    """A raw signed AssumeRole GET, encoded per RFC 3986 (``plus=False``) or as quote_plus does."""
    query = dict(
        {
            'Action': 'AssumeRole',
            'Version': '2015-04-01',
            'Format': 'JSON',
            'AccessKeyId': 'AKIDEXAMPLE',
            'SignatureMethod': 'HMAC-SHA1',
            'SignatureVersion': '1.0',
            'SignatureNonce': uuid.uuid4().hex,
            'Timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
            'RoleArn': ROLE_ARN,
            'RoleSessionName': 'raw',
        },
        **params,
    )
    query['Signature'] = fc3_emulator.sts_signature(query, secret, plus=plus)
    target = '/?' + '&'.join(
        '%s=%s' % (fc3_emulator.sts_percent_encode(k, plus), fc3_emulator.sts_percent_encode(v, plus))
        for k, v in query.items()
    )
    conn = http.client.HTTPConnection('127.0.0.1', emu.port, timeout=5)
    try:
        conn.request('GET', target)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


def test_assume_role_mints_credentials_the_fc_side_accepts(emulator, fc_client):
    emulator.add_role(ROLE_ARN, trusted=['AKIDEXAMPLE'])
    credentials = role_provider(emulator, role_session_name='ansible', duration_seconds=1800).get_credentials()
    assert credentials.get_access_key_id().startswith('STS.')
    assert credentials.get_access_key_secret().startswith('EmuRoleSecret')
    assert credentials.get_security_token().startswith('EmuRoleToken')
    assert 1790 <= credentials.get_expiration() - time.time() <= 1800
    client = fc_client(
        access_key_id=credentials.get_access_key_id(),
        access_key_secret=credentials.get_access_key_secret(),
        security_token=credentials.get_security_token(),
    )
    client.list_functions_with_options(fc_models.ListFunctionsRequest(), {}, RuntimeOptions())
    [call] = emulator.sts_requests
    assert (call['status'], call['access_key_id'], call['session_name'], call['duration_seconds']) == (
        200,
        'AKIDEXAMPLE',
        'ansible',
        '1800',
    )
    assert call['minted_access_key_id'] == credentials.get_access_key_id()
    assert [(r['access_key_id'], r['status']) for r in emulator.requests] == [(credentials.get_access_key_id(), 200)]
    assert emulator.minted == [
        {
            'access_key_id': credentials.get_access_key_id(),
            'role_arn': ROLE_ARN,
            'session_name': 'ansible',
            'expiration': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(credentials.get_expiration())),
        }
    ]
    recorded = json.dumps(emulator.sts_requests) + json.dumps(emulator.state()) + json.dumps(emulator.requests)
    assert credentials.get_access_key_secret() not in recorded and credentials.get_security_token() not in recorded


def test_a_wrong_token_for_minted_credentials_is_refused_on_the_fc_side(emulator, fc_client):
    emulator.add_role(ROLE_ARN)
    credentials = role_provider(emulator).get_credentials()
    client = fc_client(
        access_key_id=credentials.get_access_key_id(),
        access_key_secret=credentials.get_access_key_secret(),
        security_token='not-the-token',
    )
    exc = raises(
        ClientException, client.list_functions_with_options, fc_models.ListFunctionsRequest(), {}, RuntimeOptions()
    )
    assert exc.code == 'InvalidSecurityToken'


@pytest.mark.parametrize(
    'role, caller, external_id, expected',
    [
        (dict(trusted=['AKOTHER']), 'AKIDEXAMPLE', None, (403, 'NoPermission')),
        (dict(trusted=['AKIDEXAMPLE'], external_id='ext-1'), 'AKIDEXAMPLE', None, (403, 'NoPermission')),
        (dict(trusted=['AKIDEXAMPLE'], external_id='ext-1'), 'AKIDEXAMPLE', 'ext-2', (403, 'NoPermission')),
        (dict(trusted=None), 'AKUNKNOWN', None, (404, 'InvalidAccessKeyId.NotFound')),
    ],
    ids=['untrusted-caller', 'missing-external-id', 'wrong-external-id', 'unknown-key'],
)
def test_refused_assume_role_answers_with_the_sts_error(make_emulator, role, caller, external_id, expected):
    emu = make_emulator(credentials={'AKIDEXAMPLE': 'SECRETEXAMPLE', 'AKOTHER': 'OTHERSECRET'})
    emu.add_role(ROLE_ARN, **role)
    status, body = refusal(role_provider(emu, access_key_id=caller, external_id=external_id))
    assert (status, body['Code']) == expected
    assert body['RequestId'] and emu.minted == []


def test_the_right_external_id_and_a_wrong_secret(emulator):
    emulator.add_role(ROLE_ARN, trusted=['AKIDEXAMPLE'], external_id='ext-1')
    assert role_provider(emulator, external_id='ext-1').get_credentials().get_access_key_id().startswith('STS.')
    status, body = refusal(role_provider(emulator, secret='WRONG', external_id='ext-1'))
    assert (status, body['Code']) == (400, 'SignatureDoesNotMatch')


@pytest.mark.parametrize(
    'kwargs, expected',
    [
        (dict(role_arn='acs:ram::2222222222222222:role/nosuch'), (404, 'EntityNotExist.Role')),
        (dict(duration_seconds=3601), (400, 'InvalidParameter.DurationSeconds')),
        (dict(policy='{"Statement": '), (400, 'InvalidParameter.PolicyGrammar')),
        (dict(role_session_name='a b'), (400, 'InvalidParameter.RoleSessionName')),
    ],
)
def test_assume_role_parameters_are_checked(emulator, kwargs, expected):
    emulator.add_role(ROLE_ARN)
    status, body = refusal(role_provider(emulator, **kwargs))
    assert (status, body['Code']) == expected


def test_a_role_trusted_by_role_arn_can_be_chained(emulator):
    chained = 'acs:ram::3333333333333333:role/next'
    emulator.add_role(ROLE_ARN, trusted=['AKIDEXAMPLE'])
    emulator.add_role(chained, trusted=[ROLE_ARN], max_session_duration=43200)
    first = role_provider(emulator).get_credentials()
    second = role_provider(
        emulator,
        access_key_id=first.get_access_key_id(),
        secret=first.get_access_key_secret(),
        security_token=first.get_security_token(),
        role_arn=chained,
        duration_seconds=43200,
    ).get_credentials()
    assert [item['role_arn'] for item in emulator.minted] == [ROLE_ARN, chained]
    assert second.get_expiration() - time.time() > 43000
    status, body = refusal(
        role_provider(
            emulator, access_key_id=first.get_access_key_id(), secret=first.get_access_key_secret(), role_arn=chained
        )
    )
    assert (status, body['Code']) == (400, 'InvalidSecurityToken.MismatchWithAccessKey')


def test_minted_credentials_expire_when_told(emulator, fc_client):
    emulator.add_role(ROLE_ARN)
    credentials = role_provider(emulator).get_credentials()
    client = fc_client(
        access_key_id=credentials.get_access_key_id(),
        access_key_secret=credentials.get_access_key_secret(),
        security_token=credentials.get_security_token(),
    )
    client.list_functions_with_options(fc_models.ListFunctionsRequest(), {}, RuntimeOptions())
    assert admin(emulator, 'POST', 'sts/expire') == (200, {'expired': 1})
    exc = raises(
        ClientException, client.list_functions_with_options, fc_models.ListFunctionsRequest(), {}, RuntimeOptions()
    )
    assert exc.code == 'InvalidSecurityToken.Expired'


def test_a_lifetime_overrides_the_duration_asked(make_emulator):
    emu = make_emulator(sts_lifetime=2)
    emu.add_role(ROLE_ARN)
    assert 1 <= role_provider(emu).get_credentials().get_expiration() - time.time() <= 2
    assert admin(emu, 'PUT', 'sts/lifetime', {'seconds': None}) == (200, {'seconds': None})
    assert role_provider(emu).get_credentials().get_expiration() - time.time() > 3500


def test_signatures_in_both_encodings_and_the_nonce(emulator):
    emulator.add_role(ROLE_ARN)
    policy = '{"Version": "1", "Statement": [{"Action": "fc:*", "Effect": "Allow", "Resource": "*~"}]}'
    for plus in (False, True):
        status, body = sts_query(emulator, {'Policy': policy}, plus=plus)
        assert status == 200 and body['Credentials']['AccessKeyId'].startswith('STS.'), body
    assert sts_query(emulator, {}, secret='WRONG')[1]['Code'] == 'SignatureDoesNotMatch'
    nonce = {'SignatureNonce': 'same'}
    assert sts_query(emulator, nonce)[0] == 200
    assert sts_query(emulator, nonce)[1]['Code'] == 'SignatureNonceUsed'
    stale = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 3600))
    assert sts_query(emulator, {'Timestamp': stale})[1]['Code'] == 'InvalidTimeStamp.Expired'
    assert sts_query(emulator, {'SignatureMethod': 'HMAC-SHA256'})[1]['Code'] == 'InvalidParameter'


def test_the_sts_admin_api(emulator):
    status, answer = admin(
        emulator, 'POST', 'sts/roles', {'arn': ROLE_ARN, 'trusted': ['AKIDEXAMPLE'], 'external_id': 'x1'}
    )
    assert (status, answer['role']['external_id']) == (200, 'x1')
    assert admin(emulator, 'GET', 'sts/roles')[1]['roles'] == [answer['role']]
    assert admin(emulator, 'POST', 'sts/roles', {'arn': 'nope'})[0] == 400
    assert admin(emulator, 'PUT', 'sts/lifetime', {'seconds': 0})[0] == 400
    role_provider(emulator, external_id='x1').get_credentials()
    minted = admin(emulator, 'GET', 'sts/minted')[1]['minted']
    assert [item['role_arn'] for item in minted] == [ROLE_ARN] and set(minted[0]) == {
        'access_key_id',
        'role_arn',
        'session_name',
        'expiration',
    }
    taken = admin(emulator, 'POST', 'sts/requests/take')[1]['requests']
    assert [item['minted_access_key_id'] for item in taken] == [minted[0]['access_key_id']]
    assert admin(emulator, 'GET', 'sts/requests')[1] == {'requests': []}


def test_the_command_line_takes_roles_and_a_lifetime(tmp_path):
    port_file = tmp_path / 'port'
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [
            sys.executable,
            EMULATOR_PATH,
            '--port',
            '0',
            '--port-file',
            str(port_file),
            '--role',
            ROLE_ARN + '=AKIDEXAMPLE',
            '--role',
            'acs:ram::3333333333333333:role/next',
            '--role-external-id',
            'acs:ram::3333333333333333:role/next=ext-9',
            '--sts-lifetime',
            '60',
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 10
        while not port_file.exists() and time.time() < deadline:
            time.sleep(0.05)
        port = int(port_file.read_text())
        with urllib.request.urlopen('http://127.0.0.1:%d/_emulator/sts/roles' % port, timeout=5) as answer:
            roles = json.loads(answer.read())['roles']
        assert roles == [
            {'arn': ROLE_ARN, 'trusted': ['AKIDEXAMPLE'], 'external_id': None, 'max_session_duration': 3600},
            {
                'arn': 'acs:ram::3333333333333333:role/next',
                'trusted': None,
                'external_id': 'ext-9',
                'max_session_duration': 3600,
            },
        ]
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---------------------------------------------------------------------- concurrent updates of one function


def test_overlapping_writes_to_one_function_are_answered_409_when_switched_on(seeded, fc_client):
    client = fc_client()
    seeded.set_write_conflicts(0.3)
    outcomes = {}

    def write(name, qualifier):
        try:
            put(client, name, qualifier, max_async_retry_attempts=1)
            outcomes[(name, qualifier)] = 200
        except ClientException as exc:
            outcomes[(name, qualifier)] = (exc.status_code, exc.code)

    threads = [threading.Thread(target=write, args=target) for target in (('f1', 'LATEST'), ('f1', 'prod'))]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    # Another function is written alongside, and no read is held back.
    write('f2', None)
    assert raises(ClientException, get, client, 'f1', '1').code == 'AsyncConfigNotExists'
    for thread in threads:
        thread.join()
    assert outcomes == {('f1', 'LATEST'): 200, ('f1', 'prod'): (409, 'ConcurrentUpdateError'), ('f2', None): 200}
    # Once the first write is done, the next one goes through; switched off, nothing is held.
    put(client, 'f1', 'prod', max_async_retry_attempts=1)
    assert admin(seeded, 'PUT', 'conflicts', {'hold': 0}) == (200, {'conflicts': {'hold': 0.0}})
    started = time.monotonic()
    delete(client, 'f1', 'prod')
    assert time.monotonic() - started < 0.2
    assert admin(seeded, 'PUT', 'conflicts', {'hold': -1})[0] == 400
    assert admin(seeded, 'GET', 'conflicts') == (200, {'conflicts': {'hold': 0.0}})
