# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_credentials.py without a network: where a profile is looked for, the message naming an unknown one, when the
role's credentials are renewed, and the message of a refused AssumeRole."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import json

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._credentials import (
    assume_role_error,
    cli_profile_names,
    credentials_file_path,
    profile_provider,
    RoleCredentials,
    renewal_time,
    sts_endpoint_for_library,
)

ROLE = 'acs:ram::1234567890123456:role/deployer'


def test_renewal_comes_five_minutes_early_or_at_three_quarters_of_a_short_life():
    assert renewal_time(10000.0 + 3600, 10000.0) == 10000.0 + 3300
    assert renewal_time(10000.0 + 900, 10000.0) == 10000.0 + 675
    assert renewal_time(10000.0 + 2, 10000.0) == 10000.0 + 1.5
    assert renewal_time(None, 10000.0) == float('inf')


def test_the_library_gets_https_hosts_bare_and_http_ones_with_their_scheme():
    assert sts_endpoint_for_library('https', 'sts.cn-hangzhou.aliyuncs.com') == 'sts.cn-hangzhou.aliyuncs.com'
    assert sts_endpoint_for_library('http', '127.0.0.1:9000') == 'http://127.0.0.1:9000'


def test_the_credentials_file_is_the_variables_or_the_homes(tmp_path):
    assert credentials_file_path({'HOME': '/h'}) == '/h/.alibabacloud/credentials.ini'
    assert credentials_file_path({'HOME': '/h', 'ALIBABA_CLOUD_CREDENTIALS_FILE': '/c.ini'}) == '/c.ini'


def test_cli_profiles_are_read_from_the_cli_config(tmp_path):
    path = tmp_path / 'config.json'
    path.write_text(json.dumps({'current': 'a', 'profiles': [{'name': 'a', 'mode': 'AK'}, {'name': 'b'}, {}]}))
    assert cli_profile_names(str(path)) == ['a', 'b']
    assert cli_profile_names(str(tmp_path / 'missing.json')) == []


def test_a_cli_profile_comes_first_and_a_disabled_cli_config_is_skipped(tmp_path):
    (tmp_path / '.aliyun').mkdir()
    (tmp_path / '.aliyun' / 'config.json').write_text(json.dumps({'profiles': [{'name': 'team', 'mode': 'AK'}]}))
    ini = tmp_path / 'credentials.ini'
    ini.write_text('[team]\ntype = access_key\naccess_key_id = A\naccess_key_secret = S\n')
    environ = {'HOME': str(tmp_path), 'ALIBABA_CLOUD_CREDENTIALS_FILE': str(ini)}
    assert profile_provider('team', environ).get_provider_name() == 'cli_profile'
    disabled = dict(environ, ALIBABA_CLOUD_CLI_PROFILE_DISABLED='true')
    assert profile_provider('team', disabled).get_provider_name() == 'profile'


def test_an_unknown_profile_names_both_places(tmp_path):
    (tmp_path / '.aliyun').mkdir()
    (tmp_path / '.aliyun' / 'config.json').write_text(json.dumps({'profiles': [{'name': 'b'}, {'name': 'a'}]}))
    with pytest.raises(ValueError) as raised:
        profile_provider('nosuch', {'HOME': str(tmp_path)})
    assert str(raised.value) == (
        "profile 'nosuch' was not found: the CLI config %s/.aliyun/config.json has profiles a, b and the "
        'credentials file %s/.alibabacloud/credentials.ini has no sections (ALIBABA_CLOUD_CREDENTIALS_FILE names '
        'another file)' % (tmp_path, tmp_path)
    )


def test_a_refused_assume_role_leads_with_what_to_do_then_the_sts_answer():
    body = {'RequestId': 'REQ-1', 'HostId': 'sts.aliyuncs.com', 'Code': 'NoPermission', 'Message': 'Not authorized.'}
    exc = Exception('error refreshing credentials from ram_role_arn, http_code: 403, result: %s' % json.dumps(body))
    error = assume_role_error(exc, ROLE)
    assert error.message == (
        'Allow these credentials to assume the role %s: its trust policy must trust the caller (the account or RAM '
        "identity of the task's credentials), assume_role_external_id must be the ExternalId that policy requires, "
        'and the caller needs the sts:AssumeRole permission on the role. STS refused AssumeRole: NoPermission: '
        'Not authorized. (request id: REQ-1)' % ROLE
    )
    assert error.to_dict() == {
        'code': 'NoPermission',
        'message': error.message,
        'request_id': 'REQ-1',
        'status_code': 403,
    }


def test_no_answer_from_sts_says_so():
    error = assume_role_error(Exception('HTTPSConnectionPool(host=sts.example): Max retries exceeded'), ROLE)
    assert (
        error.message
        == 'Could not assume the role %s: HTTPSConnectionPool(host=sts.example): Max retries exceeded' % ROLE
    )
    assert error.code == 'AssumeRoleFailed' and error.status_code is None


class FakeProvider:
    """Stands in for the library's AssumeRole provider: each call mints the next credentials, valid an hour."""

    def __init__(self, clock):
        self.clock = clock
        self.calls = 0

    def get_credentials(self):
        from alibabacloud_credentials.provider.refreshable import Credentials  # pylint: disable=import-outside-toplevel

        self.calls += 1
        return Credentials(
            access_key_id='STS.%d' % self.calls,
            access_key_secret='secret',
            security_token='token',
            expiration=self.clock() + 3600,
            provider_name='ram_role_arn',
        )


def test_role_credentials_are_fetched_once_renewed_before_expiry_and_the_same_for_async_callers():
    now = [1000.0]
    provider = FakeProvider(lambda: now[0])
    credentials = RoleCredentials(provider, 'acs:ram::1:role/r', clock=lambda: now[0])
    first = credentials.get_credentials()
    assert asyncio.run(credentials.get_credentials_async()) is first
    assert credentials.get_credentials() is first and credentials.assumed == provider.calls == 1
    now[0] += 3600 - 299  # inside the last five minutes of the hour
    assert credentials.get_credentials().get_access_key_id() == 'STS.2' and credentials.assumed == 2
