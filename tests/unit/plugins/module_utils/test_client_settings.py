# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options are checked before any request; the minimum SDK version has one source."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.client import (
    MIN_SDK_VERSION,
    SDK_PACKAGE,
    ConnectionSettings,
    parse_endpoint,
)

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def params(**overrides):
    values = dict(region='cn-hangzhou', endpoint=None, access_key_id='AK', access_key_secret='SK', security_token=None,
                  connect_timeout=5.0, read_timeout=10.0, retries=5, retry_timeout=50.0)
    values.update(overrides)
    return values


@pytest.mark.parametrize('value, expected', [
    ('http://127.0.0.1:8080', ('http', '127.0.0.1:8080')),
    ('https://fcv3.cn-hangzhou.aliyuncs.com', ('https', 'fcv3.cn-hangzhou.aliyuncs.com')),
    ('HTTPS://Example.com:443/', ('https', 'Example.com:443')),
    ('fcv3.cn-hangzhou.aliyuncs.com', ('https', 'fcv3.cn-hangzhou.aliyuncs.com')),
    ('  http://localhost:1\t', ('http', 'localhost:1')),
    ('http://[::1]:8080', ('http', '[::1]:8080')),
])
def test_endpoint_forms(value, expected):
    assert parse_endpoint(value) == expected


@pytest.mark.parametrize('value', [
    'ftp://host', 'http://host/path', 'http://host:99999', 'http://host:0', 'http://', 'http://host?x=1', 'http://a b',
])
def test_bad_endpoints_are_refused_with_the_value(value):
    with pytest.raises(ValueError, match="endpoint must look like https://host\\[:port\\] or http://host\\[:port\\]"):
        parse_endpoint(value)


def test_endpoint_with_userinfo_is_not_echoed():
    with pytest.raises(ValueError) as raised:
        parse_endpoint('https://user:hunter2@host')
    assert 'hunter2' not in str(raised.value)


@pytest.mark.parametrize('overrides, message', [
    (dict(region=None), 'region is required'),
    (dict(region=''), 'region is required'),
    (dict(region='Hangzhou'), "region must be a region id such as cn-hangzhou, got 'Hangzhou'"),
    (dict(access_key_secret=None), 'access_key_id and access_key_secret must be given together'),
    (dict(access_key_id=None), 'access_key_id and access_key_secret must be given together'),
    (dict(access_key_id=None, access_key_secret=None, security_token='t'), 'security_token needs access_key_id'),
    (dict(read_timeout=0), 'read_timeout must be greater than 0'),
    (dict(retry_timeout=-1), 'retry_timeout must be greater than 0'),
    (dict(retries=-1), 'retries must be 0 or more'),
    (dict(endpoint='ftp://x'), 'endpoint must look like'),
])
def test_bad_connection_options_are_named(overrides, message):
    with pytest.raises(ValueError) as raised:
        ConnectionSettings.from_params(params(**overrides))
    assert message in str(raised.value)


def test_good_options():
    settings = ConnectionSettings.from_params(params(endpoint='http://127.0.0.1:9000', retries=2, retry_timeout=7.5))
    assert (settings.protocol, settings.endpoint_host, settings.region) == ('http', '127.0.0.1:9000', 'cn-hangzhou')
    assert (settings.retry_policy.retries, settings.retry_policy.timeout) == (2, 7.5)


def test_no_key_means_default_chain():
    settings = ConnectionSettings.from_params(params(access_key_id=None, access_key_secret=None))
    assert settings.access_key_id is None


def read(*parts):
    with open(os.path.join(COLLECTION_ROOT, *parts)) as handle:
        return handle.read()


def test_minimum_sdk_version_has_one_source():
    requirement = '%s>=%s' % (SDK_PACKAGE, MIN_SDK_VERSION)
    assert requirement in read('requirements.txt').split()
    assert '%s >= %s' % (SDK_PACKAGE, MIN_SDK_VERSION) in read('plugins', 'doc_fragments', 'connection.py')
    # Runtime requirements state lower bounds only; exact pins belong to the test constraints.
    for line in read('requirements.txt').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            assert re.match(r'^[A-Za-z0-9_.-]+>=[0-9.]+$', line), line
    assert 'requirements.txt' in read('meta', 'execution-environment.yml')
    assert ('%s==%s' % (SDK_PACKAGE, MIN_SDK_VERSION)) in read('tests', 'constraints-oldest.txt').split()
