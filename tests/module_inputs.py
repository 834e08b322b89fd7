# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module parameters as Ansible hands them to the code under test: every option of the real argument spec
present, with its default or ``None`` when not given, then what the test sets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import (
    config_argument_spec,
    settings_argument_spec,
)
from ansible_collections.alicloud.fc.plugins.module_utils._connection import connection_argument_spec

NEXT_FUNCTION_ARN = 'acs:fc:cn-hangzhou:1234567890123456:functions/next'
DLQ_ARN = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'


def _with_defaults(spec, overrides):
    values = dict((name, option.get('default')) for name, option in spec.items())
    values.update(overrides)
    return values


def connection_params(**overrides):
    """The connection options with a region and a static key pair."""
    return _with_defaults(
        connection_argument_spec(),
        dict(dict(region='cn-hangzhou', access_key_id='AK', access_key_secret='SK'), **overrides),
    )


def config_params(**overrides):
    """The options of one config (``fcv3_async_invoke_config`` less the connection options), for ``my-func``."""
    return _with_defaults(config_argument_spec(), dict(dict(function_name='my-func'), **overrides))


def fleet_item(function_name, qualifier='LATEST', state='present', **settings):
    """One item of ``fcv3_async_invoke_configs``' ``configs``."""
    return config_params(function_name=function_name, qualifier=qualifier, state=state, **settings)


def fleet_defaults(**settings):
    """``fcv3_async_invoke_configs``' ``defaults``."""
    return _with_defaults(settings_argument_spec(), settings)


def destination_sides(on_success=None, on_failure=None):
    """``destination_config`` as Ansible hands it over after suboption processing."""
    return {
        'on_success': None if on_success is None else {'destination': on_success},
        'on_failure': None if on_failure is None else {'destination': on_failure},
    }
