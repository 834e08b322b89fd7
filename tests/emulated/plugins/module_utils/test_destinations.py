# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_destinations.py against the emulator through the real SDK: which destinations are looked up, how often, and
what each answer becomes (a warning, never a failure)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.alicloud.fc.plugins.module_utils._destinations import DestinationCheck

ARN = 'acs:fc:cn-hangzhou:1234567890123456:functions/'


@pytest.fixture
def check(emulator):
    emulator.seed({'functions': [{'name': 'next', 'versions': 1, 'aliases': {'prod': '1'}}]})
    emulator.clear_requests()
    settings = ConnectionSettings(
        emulator.region, endpoint=emulator.url, access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE'
    )
    return DestinationCheck(FC3Client(settings, environ={}), emulator.region)


def lookups(emulator):
    return [(request['action'], request['function_name']) for request in emulator.requests]


def test_an_existing_function_and_qualifier_are_looked_up_once_and_say_nothing(emulator, check):
    for dummy in range(3):
        check({'on_success': {'destination': ARN + 'next'}, 'on_failure': {'destination': ARN + 'next/prod'}})
    assert check.warnings == []
    assert check.lookups == 2
    assert lookups(emulator) == [('GetFunction', 'next'), ('GetFunction', 'next')]


def test_a_missing_function_or_qualifier_is_a_warning_naming_it(emulator, check):
    check({'on_failure': {'destination': ARN + 'nxet'}})
    check({'on_success': {'destination': ARN + 'next/staging'}})
    check({'on_failure': {'destination': ARN + 'nxet'}})
    assert len(check.warnings) == 2
    assert "function 'nxet'" in check.warnings[0] and 'does not exist' in check.warnings[0]
    assert "function 'next' qualifier staging" in check.warnings[1]
    assert check.lookups == 2


def test_other_services_other_regions_and_empty_sides_are_left_to_the_service(emulator, check):
    check(
        {
            'on_success': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'},
            'on_failure': {'destination': 'acs:fc:cn-shanghai:1234567890123456:functions/elsewhere'},
        }
    )
    check({})
    check(None)
    assert check.warnings == [] and check.lookups == 0 and lookups(emulator) == []


def test_an_fc_arn_naming_no_function_is_a_warning_without_a_request(emulator, check):
    check({'on_failure': {'destination': 'acs:fc:cn-hangzhou:1234567890123456:function/next'}})
    assert len(check.warnings) == 1 and 'names no function' in check.warnings[0]
    assert lookups(emulator) == []


def test_a_lookup_that_fails_is_a_warning_and_the_config_is_written_as_given(emulator, check):
    emulator.add_fault(status=403, code='AccessDenied', action='GetFunction', count=10)
    check({'on_failure': {'destination': ARN + 'next'}})
    assert len(check.warnings) == 1
    assert 'could not check' in check.warnings[0] and 'AccessDenied' in check.warnings[0]
