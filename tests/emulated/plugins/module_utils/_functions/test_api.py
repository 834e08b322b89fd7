# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_functions/api.py against the emulator through the real SDK: every page of ListFunctions, the filters as the service
gets them, and its errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._functions.api import find_functions


def client_for(emulator):
    settings = ConnectionSettings(
        emulator.region, endpoint=emulator.url, access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE'
    )
    return FC3Client(settings, environ={})


def test_every_page_is_fetched_and_the_filters_reach_the_service_as_it_names_them(emulator):
    emulator.seed(
        {
            'functions': [
                {
                    'name': 'orders-%03d' % number,
                    'runtime': 'python3.10',
                    'tags': {'team': 'payments' if number % 2 else 'search'},
                }
                for number in range(230)
            ]
            + [{'name': 'billing', 'tags': {'team': 'payments'}}]
        }
    )
    emulator.clear_requests()
    found = find_functions(
        client_for(emulator),
        {
            'prefix': 'orders-',
            'tags': {'team': 'payments'},
            'runtime': 'python3.10',
            'fc_version': 'v3',
            'name_regex': '1',
        },
    )
    assert [f['function_name'] for f in found] == ['orders-%03d' % n for n in range(230) if n % 2 and '1' in '%03d' % n]
    assert all(f['tags'] == {'team': 'payments'} for f in found)
    queries = [request['query'] for request in emulator.requests]
    assert [request['action'] for request in emulator.requests] == ['ListFunctions'] * 2
    assert queries[0] == {
        'prefix': 'orders-',
        'tags': '[{"Key":"team","Value":"payments"}]',
        'runtime': 'python3.10',
        'fcVersion': 'v3',
        'limit': '100',
    }
    assert queries[1]['nextToken'] and queries[1]['limit'] == '100'


def test_nothing_found_is_an_empty_list(emulator):
    emulator.seed({'functions': [{'name': 'billing'}]})
    assert find_functions(client_for(emulator), {'prefix': 'orders-'}) == []


def test_a_service_error_is_an_fc3_error(emulator):
    emulator.add_fault(status=403, code='AccessDenied', action='ListFunctions')
    with pytest.raises(FC3Error) as caught:
        find_functions(client_for(emulator), {})
    assert caught.value.code == 'AccessDenied'
