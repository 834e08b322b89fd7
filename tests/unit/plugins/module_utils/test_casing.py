# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_casing.py: camelCase <-> snake_case, as tables."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._casing import camel_case, snake_case, snake_case_keys


def test_snake_case_keys_is_recursive_and_drops_nulls():
    assert snake_case_keys(
        {
            'maxAsyncRetryAttempts': 1,
            'asyncTask': None,
            'destinationConfig': {'onSuccess': {'destination': 'x'}, 'onFailure': None},
        }
    ) == {'max_async_retry_attempts': 1, 'destination_config': {'on_success': {'destination': 'x'}}}


@pytest.mark.parametrize(
    'api_key',
    [
        'asyncTask',
        'maxAsyncEventAgeInSeconds',
        'maxAsyncRetryAttempts',
        'destinationConfig',
        'onSuccess',
        'onFailure',
        'destination',
    ],
)
def test_camel_case_is_the_inverse_of_snake_case(api_key):
    assert camel_case(snake_case(api_key)) == api_key
