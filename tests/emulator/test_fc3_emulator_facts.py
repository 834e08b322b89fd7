# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fc3_emulator.py's facts of a probed service (``--facts FILE``, ``Emulator(facts=...)``): which files it takes,
and how each fact changes an answer, through the real SDK. tests/live/test_probe.py asks every question of the
probe against an emulator started from the other answers."""

import json

import pytest
from alibabacloud_fc20230330 import models as fc_models
from alibabacloud_tea_openapi.exceptions import ClientException

import fc3_emulator
import fc3_launcher
from fc3_emulator import SHIPPED_FACTS, check_facts


def test_a_file_without_facts_keeps_every_convention():
    assert check_facts({}) == SHIPPED_FACTS
    assert check_facts({'about': {'region': 'x'}, 'delete_status': None}) == SHIPPED_FACTS


@pytest.mark.parametrize(
    'data, named',
    [
        ({'delete_status': 404}, 'delete_status'),
        ({'qualified_arn_form': 'dot'}, 'qualified_arn_form'),
        ({'missing_config_error': {'status': 404}}, 'missing_config_error'),
        ({'new_config_defaults': {'async_task': 'no'}}, 'new_config_defaults'),
        ({'list_limit_max': 0}, 'list_limit_max'),
        ({'page_size': 10}, 'page_size'),
        ([], 'JSON object'),
    ],
)
def test_a_bad_fact_is_refused_naming_it(data, named):
    with pytest.raises(ValueError, match=named):
        check_facts(data)


def test_the_command_line_refuses_a_bad_facts_file(tmp_path):
    bad = tmp_path / 'facts.json'
    bad.write_text(json.dumps({'region_wide_list': 'yes'}))
    with pytest.raises(fc3_launcher.EmulatorNotStarted, match='region_wide_list'):
        fc3_launcher.start(['--facts', str(bad)])


def put(client, function, body, qualifier='LATEST'):
    request = fc_models.PutAsyncInvokeConfigRequest(
        qualifier=qualifier, body=fc_models.PutAsyncInvokeConfigInput().from_map(body)
    )
    return client.put_async_invoke_config(function, request).body.to_map()


def test_each_fact_changes_its_answer(make_emulator, fc_client):
    facts = {
        'new_config_defaults': {
            'max_async_retry_attempts': None,
            'max_async_event_age_in_seconds': 60,
            'async_task': None,
        },
        'delete_status': 200,
        'missing_function_error': {'status': 400, 'code': 'NoSuchFunction'},
        'empty_account_arn': 'refused',
        'list_limit_max': 5,
    }
    emu = make_emulator(facts=facts)
    emu.seed({'functions': [{'name': 'f1'}]})
    client = fc_client(emu=emu)
    created = put(client, 'f1', {'asyncTask': True})
    assert 'maxAsyncRetryAttempts' not in created and created['maxAsyncEventAgeInSeconds'] == 60
    deleted = client.delete_async_invoke_config('f1', fc_models.DeleteAsyncInvokeConfigRequest(qualifier='LATEST'))
    assert deleted.status_code == 200
    with pytest.raises(ClientException) as missing:
        client.get_async_invoke_config('nope', fc_models.GetAsyncInvokeConfigRequest())
    assert (missing.value.status_code, missing.value.code) == (400, 'NoSuchFunction')
    with pytest.raises(ClientException) as refused:
        put(client, 'f1', {'destinationConfig': {'onFailure': {'destination': 'acs:fc:cn-hangzhou::functions/f1'}}})
    assert refused.value.code == 'InvalidDestinationResources'
    with pytest.raises(ClientException, match='1..5'):
        client.list_async_invoke_configs(fc_models.ListAsyncInvokeConfigsRequest(function_name='f1', limit=6))
    # A key the facts leave out keeps its convention.
    assert emu.facts['region_wide_list'] is True and emu.semantics == {'arn_style': 'slash', 'put_semantics': 'merge'}


def test_facts_decide_the_readings_a_file_holds_and_leave_the_others(make_emulator):
    emu = make_emulator(arn_style='colon', facts={'put_keeps_omitted_fields': False})
    assert emu.semantics == {'arn_style': 'colon', 'put_semantics': 'replace'}
    assert fc3_emulator.SHIPPED_FACTS['put_keeps_omitted_fields'] is True
