# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_connection.py: the connection options checked before any request, the endpoint and proxy URL rules, secrets in
URLs, and the proxy an endpoint is reached through."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._connection import (
    ConnectionSettings,
    connection_argument_spec,
    environment_proxy,
    parse_endpoint,
    parse_proxy,
    url_secret,
)

from module_inputs import connection_params


def rejection(**overrides):
    """The message ConnectionSettings refuses the connection options with, ``overrides`` applied."""
    with pytest.raises(ValueError) as raised:
        ConnectionSettings.from_params(connection_params(**overrides))
    return str(raised.value)


@pytest.mark.parametrize(
    'value, expected',
    [
        ('http://127.0.0.1:8080', ('http', '127.0.0.1:8080')),
        ('https://fcv3.cn-hangzhou.aliyuncs.com', ('https', 'fcv3.cn-hangzhou.aliyuncs.com')),
        ('HTTPS://Example.com:443/', ('https', 'Example.com:443')),
        ('fcv3.cn-hangzhou.aliyuncs.com', ('https', 'fcv3.cn-hangzhou.aliyuncs.com')),
        ('  http://localhost:1\t', ('http', 'localhost:1')),
        ('http://[::1]:8080', ('http', '[::1]:8080')),
    ],
)
def test_endpoint_forms(value, expected):
    assert parse_endpoint(value) == expected


@pytest.mark.parametrize(
    'value',
    [
        'ftp://host',
        'http://host/path',
        'http://host:99999',
        'http://host:0',
        'http://',
        'http://host?x=1',
        'http://a b',
    ],
)
def test_bad_endpoints_are_refused_with_the_value(value):
    with pytest.raises(ValueError, match="endpoint must look like https://host\\[:port\\] or http://host\\[:port\\]"):
        parse_endpoint(value)


def test_endpoint_with_userinfo_is_not_echoed():
    with pytest.raises(ValueError) as raised:
        parse_endpoint('https://user:hunter2@host')
    assert 'hunter2' not in str(raised.value)


@pytest.mark.parametrize(
    'overrides, message',
    [
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
    ],
)
def test_bad_connection_options_are_named(overrides, message):
    assert message in rejection(**overrides)


def test_good_options():
    settings = ConnectionSettings.from_params(
        connection_params(endpoint='http://127.0.0.1:9000', retries=2, retry_timeout=7.5)
    )
    assert (settings.protocol, settings.endpoint_host, settings.region) == ('http', '127.0.0.1:9000', 'cn-hangzhou')
    assert (settings.retry_policy.retries, settings.retry_policy.timeout) == (2, 7.5)


def test_no_key_means_default_chain():
    settings = ConnectionSettings.from_params(connection_params(access_key_id=None, access_key_secret=None))
    assert settings.access_key_id is None


@pytest.mark.parametrize(
    'overrides, message',
    [
        (dict(region='cn-hangzhou\n'), 'region must be a region id'),
        (dict(read_timeout=float('nan')), 'read_timeout must be greater than 0 and finite'),
        (dict(connect_timeout=float('inf')), 'connect_timeout must be greater than 0 and finite'),
        (dict(endpoint='http://127.0.0.1:80\nHost: evil'), 'endpoint must look like'),
        (dict(proxy='socks5://127.0.0.1:1080'), 'proxy must look like'),
        (dict(proxy='127.0.0.1:3128'), 'proxy must look like'),
        (dict(ca_bundle='/no/such/ca.pem'), "ca_bundle must be a readable file"),
    ],
)
def test_what_would_be_sent_is_checked_whole(overrides, message):
    assert message in rejection(**overrides)


def test_proxy_with_credentials_is_never_echoed():
    with pytest.raises(ValueError) as raised:
        parse_proxy('ftp://alice:hunter2@proxy:3128')
    assert 'hunter2' not in str(raised.value)
    assert parse_proxy('http://alice:hunter2@proxy.corp:3128/') == 'http://alice:hunter2@proxy.corp:3128'


@pytest.mark.parametrize(
    'value, secret',
    [
        ('http://alice:hunter2@proxy:3128', 'hunter2'),
        ('https://token-only@proxy:3128', 'token-only'),
        ('http://alice:p@ss@proxy:3128', 'p@ss'),
        ('http://proxy:3128', None),
        ('https://fcv3.cn-hangzhou.aliyuncs.com', None),
        (None, None),
    ],
)
def test_url_secret(value, secret):
    assert url_secret(value) == secret


@pytest.mark.parametrize(
    'environ, endpoint, protocol, expected',
    [
        ({}, '127.0.0.1:8080', 'http', None),
        ({'http_proxy': 'http://p:1'}, '127.0.0.1:8080', 'http', 'http://p:1'),
        ({'HTTP_PROXY': 'http://P:1'}, '127.0.0.1:8080', 'http', 'http://P:1'),
        ({'http_proxy': 'http://lower:1', 'HTTP_PROXY': 'http://upper:1'}, 'h:1', 'http', 'http://lower:1'),
        ({'https_proxy': 'http://p:1'}, '127.0.0.1:8080', 'http', None),
        ({'https_proxy': 'http://p:1'}, 'fcv3.cn-hangzhou.aliyuncs.com', 'https', 'http://p:1'),
        ({'all_proxy': 'http://all:1'}, 'fcv3.cn-hangzhou.aliyuncs.com', 'https', 'http://all:1'),
        ({'http_proxy': 'http://p:1', 'no_proxy': '127.0.0.1'}, '127.0.0.1:8080', 'http', None),
        ({'http_proxy': 'http://p:1', 'NO_PROXY': 'localhost,127.0.0.0/8'}, '127.0.0.1:8080', 'http', None),
        ({'http_proxy': 'http://p:1', 'no_proxy': '127.0.0.1:9999'}, '127.0.0.1:8080', 'http', 'http://p:1'),
        ({'http_proxy': 'http://p:1', 'no_proxy': '127.0.0.1:8080'}, '127.0.0.1:8080', 'http', None),
        ({'https_proxy': 'http://p:1', 'no_proxy': '.aliyuncs.com'}, 'fcv3.cn-hangzhou.aliyuncs.com', 'https', None),
        ({'https_proxy': 'http://p:1', 'no_proxy': 'aliyuncs.com'}, 'fcv3.cn-hangzhou.aliyuncs.com', 'https', None),
        (
            {'https_proxy': 'http://p:1', 'no_proxy': 'yuncs.com'},
            'fcv3.cn-hangzhou.aliyuncs.com',
            'https',
            'http://p:1',
        ),
        ({'https_proxy': 'http://p:1', 'no_proxy': '*'}, 'fcv3.cn-hangzhou.aliyuncs.com', 'https', None),
        ({'http_proxy': 'http://p:1', 'no_proxy': '::1'}, '[::1]:8080', 'http', None),
        ({'http_proxy': 'http://p:1', 'no_proxy': ' example.com , 10.0.0.0/8 '}, '10.1.2.3:80', 'http', None),
    ],
)
def test_environment_proxy_follows_the_usual_rules(environ, endpoint, protocol, expected):
    assert environment_proxy(endpoint, protocol, environ) == expected


def test_secrets_are_no_log_and_the_key_id_stays_readable():
    spec = connection_argument_spec()
    assert spec['access_key_secret']['no_log'] is True and spec['security_token']['no_log'] is True
    assert spec['access_key_id']['no_log'] is False
    assert spec['region']['fallback'][1] == ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION']


# ------------------------------------------------------------------ other accounts and profiles (issue 21)

ROLE = 'acs:ram::1234567890123456:role/deployer'


def test_the_role_options_and_their_environment_fallbacks():
    spec = connection_argument_spec()
    fallbacks = dict((name, spec[name].get('fallback', (None, []))[1]) for name in spec)
    assert fallbacks['profile'] == ['ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE']
    assert fallbacks['assume_role_arn'] == ['ALICLOUD_ASSUME_ROLE_ARN']
    assert fallbacks['assume_role_session_name'] == ['ALICLOUD_ASSUME_ROLE_SESSION_NAME']
    assert fallbacks['assume_role_session_expiration'] == ['ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION']
    assert fallbacks['assume_role_external_id'] == ['ALICLOUD_ASSUME_ROLE_EXTERNAL_ID']
    assert fallbacks['assume_role_policy'] == []
    assert fallbacks['sts_endpoint'] == ['ALIBABA_CLOUD_STS_ENDPOINT', 'ALICLOUD_STS_ENDPOINT']
    assert spec['assume_role_session_expiration']['type'] == 'int'


def test_a_role_defaults_to_session_ansible_for_an_hour_at_the_regions_sts():
    settings = ConnectionSettings.from_params(connection_params(assume_role_arn=ROLE))
    role = settings.assume_role
    assert (role.arn, role.session_name, role.expiration, role.external_id, role.policy) == (
        ROLE,
        'ansible',
        3600,
        None,
        None,
    )
    assert settings.sts_endpoint == ('https', 'sts.cn-hangzhou.aliyuncs.com')
    assert ConnectionSettings.from_params(connection_params()).assume_role is None


@pytest.mark.parametrize('value', [900, 43200])
def test_session_expiration_bounds_are_allowed(value):
    settings = ConnectionSettings.from_params(
        connection_params(assume_role_arn=ROLE, assume_role_session_expiration=value)
    )
    assert settings.assume_role.expiration == value


@pytest.mark.parametrize(
    'overrides, message',
    [
        (
            dict(assume_role_session_expiration=899),
            'assume_role_session_expiration must be 900 to 43200 (seconds), got 899',
        ),
        (
            dict(assume_role_session_expiration=43201),
            'assume_role_session_expiration must be 900 to 43200 (seconds), got 43201',
        ),
        (
            dict(assume_role_arn='arn:aws:iam::1:role/x'),
            "assume_role_arn must look like acs:ram::ACCOUNT_ID:role/ROLE_NAME",
        ),
        (dict(assume_role_arn='acs:ram::abc:role/x'), 'assume_role_arn must look like'),
        (dict(assume_role_session_name='a'), 'assume_role_session_name must be 2 to 64 letters'),
        (dict(assume_role_session_name='awx job'), 'assume_role_session_name must be 2 to 64 letters'),
        (dict(assume_role_session_name='x' * 65), 'assume_role_session_name must be 2 to 64 letters'),
        (dict(assume_role_external_id='a b'), 'assume_role_external_id must be 2 to 1224'),
        (dict(assume_role_policy='{"Statement": '), 'assume_role_policy must be a JSON policy document'),
        (dict(assume_role_policy='[]'), 'assume_role_policy must be a JSON object'),
        (dict(assume_role_policy='{"a": "%s"}' % ('x' * 2048)), 'assume_role_policy must be at most 2048 characters'),
        (dict(sts_endpoint='ftp://sts'), 'sts_endpoint must look like https://host[:port] or http://host[:port]'),
    ],
)
def test_bad_role_options_are_named(overrides, message):
    assert message in rejection(**dict(dict(assume_role_arn=ROLE), **overrides))


@pytest.mark.parametrize(
    'option, value',
    [
        ('assume_role_session_name', 'x1'),
        ('assume_role_session_expiration', 900),
        ('assume_role_external_id', 'abc'),
        ('assume_role_policy', '{}'),
    ],
)
def test_role_settings_without_a_role_are_refused(option, value):
    assert rejection(**{option: value}) == '%s needs assume_role_arn (the role to assume)' % option


def test_session_settings_are_kept():
    settings = ConnectionSettings.from_params(
        connection_params(
            assume_role_arn=ROLE,
            assume_role_session_name='awx.job-42@team_a',
            assume_role_external_id='ext=1,a.b@c:d/e-f_g',
            assume_role_policy='{"Version": "1"}',
            sts_endpoint='http://127.0.0.1:9000',
        )
    )
    role = settings.assume_role
    assert (role.session_name, role.external_id, role.policy) == (
        'awx.job-42@team_a',
        'ext=1,a.b@c:d/e-f_g',
        '{"Version": "1"}',
    )
    assert settings.sts_endpoint == ('http', '127.0.0.1:9000')


def test_an_sts_key_needs_its_token():
    assert rejection(access_key_id='STS.NUk1example') == (
        'access_key_id is a temporary STS AccessKey (it starts with STS.): set security_token (or the '
        'ALIBABA_CLOUD_SECURITY_TOKEN environment variable) to the token issued with it'
    )
    settings = ConnectionSettings.from_params(connection_params(access_key_id='STS.NUk1example', security_token='t'))
    assert settings.security_token == 't'


@pytest.mark.parametrize(
    'given',
    [
        {'profile', 'access_key_id', 'access_key_secret'},
        {'profile', 'access_key', 'secret_key'},
        {'profile', 'secret_key'},
    ],
)
def test_a_profile_cannot_stand_beside_keys_given_as_options(given):
    with pytest.raises(ValueError) as raised:
        ConnectionSettings.from_params(connection_params(profile='team'), given=given)
    assert str(raised.value).startswith('profile cannot be used with ')
    assert all(name in str(raised.value) for name in given - {'profile'})


def test_a_profile_replaces_keys_from_the_environment():
    settings = ConnectionSettings.from_params(connection_params(profile='team'), given={'profile', 'region'})
    assert (settings.profile, settings.access_key_id, settings.access_key_secret) == ('team', None, None)
    settings = ConnectionSettings.from_params(connection_params(profile='team'), given={'region'})
    assert settings.profile == 'team' and settings.access_key_id is None


def test_a_profile_from_the_environment_yields_to_keys_given_as_options():
    settings = ConnectionSettings.from_params(
        connection_params(profile='team'), given={'access_key_id', 'access_key_secret'}
    )
    assert (settings.profile, settings.access_key_id) == (None, 'AK')


def test_empty_values_are_no_values():
    """What an AWX credential injects for an optional field left empty."""
    empty = dict(
        assume_role_arn='', assume_role_session_name='', assume_role_external_id='', profile='', sts_endpoint=''
    )
    settings = ConnectionSettings.from_params(connection_params(**empty))
    assert (settings.assume_role, settings.profile, settings.access_key_id) == (None, None, 'AK')
    with_role = dict(empty)
    with_role['assume_role_arn'] = ROLE
    settings = ConnectionSettings.from_params(connection_params(**with_role))
    assert (settings.assume_role.session_name, settings.assume_role.external_id) == ('ansible', None)
