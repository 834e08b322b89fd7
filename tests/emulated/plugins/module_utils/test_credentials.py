# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_credentials.py in process against the emulator's FC and STS sides, through the modules' ``main()``: the role
assumed once per task and signing every request, two roles apart, refusals before any FC request, renewal of
credentials that expire mid-task, profiles and the two local checks. Outcomes are read from what the emulator
recorded (its FC requests, its AssumeRole requests and the credentials it minted)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_config_info as info_module
from ansible_collections.alicloud.fc.plugins.modules import fcv3_async_invoke_configs as batch_module

ROLE_A = 'acs:ram::2222222222222222:role/deployer'
ROLE_B = 'acs:ram::3333333333333333:role/deployer'
ROLE_GUARDED = 'acs:ram::4444444444444444:role/guarded'
EXTERNAL_ID = 'awx-platform-team'
PROFILE_KEY, PROFILE_SECRET = 'AKPROFILEEXAMPLE', 'PROFILESECRETEXAMPLE'
BASE_SECRET = 'SECRETEXAMPLE'


@pytest.fixture(name='emu')
def _emu(make_emulator):
    emu = make_emulator(credentials={'AKIDEXAMPLE': BASE_SECRET, PROFILE_KEY: PROFILE_SECRET})
    emu.add_role(ROLE_A, trusted=['AKIDEXAMPLE', PROFILE_KEY])
    emu.add_role(ROLE_B, trusted=['AKIDEXAMPLE'])
    emu.add_role(ROLE_GUARDED, trusted=['AKIDEXAMPLE'], external_id=EXTERNAL_ID)
    emu.seed({'functions': [{'name': 'f%d' % number} for number in range(1, 4)]})
    emu.clear_requests()
    return emu


@pytest.fixture(name='role_connection')
def _role_connection(emu):
    return dict(
        region=emu.region,
        endpoint=emu.url,
        sts_endpoint=emu.url,
        access_key_id='AKIDEXAMPLE',
        access_key_secret=BASE_SECRET,
        retries=1,
        retry_timeout=5.0,
        read_timeout=5.0,
    )


def minted_for(emu, role_arn):
    return set(item['access_key_id'] for item in emu.minted if item['role_arn'] == role_arn)


def assert_no_secret(run, emu):
    text = run.text
    assert BASE_SECRET not in text and 'EmuRoleSecret' not in text and 'EmuRoleToken' not in text
    assert not any(key in text for item in emu.minted for key in [item['access_key_id']])


@pytest.mark.parametrize('where', ['option', 'environment'])
def test_every_request_is_signed_by_the_role_after_one_assume_role(
    emu, role_connection, run_module, monkeypatch, where
):
    args = dict(role_connection)
    if where == 'option':
        args['assume_role_arn'] = ROLE_A
    else:
        monkeypatch.setenv('ALICLOUD_ASSUME_ROLE_ARN', ROLE_A)
    run = run_module(info_module, args)
    assert run.exit_code == 0, run
    [assume] = emu.sts_requests
    assert (assume['role_arn'], assume['session_name'], assume['access_key_id']) == (ROLE_A, 'ansible', 'AKIDEXAMPLE')
    assert assume['duration_seconds'] == '3600' and assume['external_id'] is None
    assert [request['access_key_id'] for request in emu.requests] == [assume['minted_access_key_id']]
    assert_no_secret(run, emu)


def test_a_thousand_item_batch_makes_one_assume_role(emu, role_connection, run_module):
    emu.seed({'functions': [{'name': 'g%04d' % number} for number in range(1000)]})
    emu.clear_requests()
    configs = [dict(function_name='g%04d' % number, max_async_retry_attempts=1) for number in range(1000)]
    run = run_module(batch_module, dict(role_connection, assume_role_arn=ROLE_A, configs=configs), check_mode=True)
    assert run.exit_code == 0, run
    results = run.result['results']
    assert len(results) == 1000 and all(item['changed'] and not item.get('failed') for item in results)
    assert len(emu.sts_requests) == 1
    assert set(request['access_key_id'] for request in emu.requests) == minted_for(emu, ROLE_A)


def test_two_tasks_with_two_roles_sign_with_their_own_role(emu, role_connection, run_module):
    first = run_module(info_module, dict(role_connection, assume_role_arn=ROLE_A, function_name='f1'))
    after_first = len(emu.requests)
    second = run_module(info_module, dict(role_connection, assume_role_arn=ROLE_B, function_name='f2'))
    assert first.exit_code == 0 and second.exit_code == 0, (first, second)
    keys = [request['access_key_id'] for request in emu.requests]
    assert set(keys[:after_first]) == minted_for(emu, ROLE_A) and len(minted_for(emu, ROLE_A)) == 1
    assert set(keys[after_first:]) == minted_for(emu, ROLE_B) and len(minted_for(emu, ROLE_B)) == 1


def test_session_settings_reach_sts(emu, role_connection, run_module):
    policy = json.dumps({'Version': '1', 'Statement': [{'Effect': 'Allow', 'Action': 'fc:Get*', 'Resource': '*'}]})
    run = run_module(
        info_module,
        dict(
            role_connection,
            assume_role_arn=ROLE_GUARDED,
            assume_role_external_id=EXTERNAL_ID,
            assume_role_session_name='awx-job-42',
            assume_role_session_expiration=900,
            assume_role_policy=policy,
        ),
    )
    assert run.exit_code == 0, run
    [assume] = emu.sts_requests
    assert (assume['session_name'], assume['duration_seconds'], assume['external_id'], assume['policy']) == (
        'awx-job-42',
        '900',
        EXTERNAL_ID,
        policy,
    )


@pytest.mark.parametrize(
    'role, external_id',
    [(ROLE_B, None), (ROLE_GUARDED, None), (ROLE_GUARDED, 'someone-else')],
    ids=['untrusted-caller', 'no-external-id', 'wrong-external-id'],
)
def test_a_refused_assume_role_fails_before_any_fc_request(emu, role_connection, run_module, role, external_id):
    args = dict(role_connection, access_key_id=PROFILE_KEY, access_key_secret=PROFILE_SECRET, assume_role_arn=role)
    if role == ROLE_GUARDED:
        args.update(access_key_id='AKIDEXAMPLE', access_key_secret=BASE_SECRET, assume_role_external_id=external_id)
    run = run_module(info_module, args)
    assert run.exit_code == 1 and run.result['failed'] is True
    assert emu.requests == []
    [assume] = emu.sts_requests
    msg = run.result['msg']
    assert msg.startswith('Allow these credentials to assume the role %s: its trust policy' % role), msg
    assert 'assume_role_external_id' in msg and 'sts:AssumeRole' in msg
    assert msg.index('NoPermission') > msg.index('sts:AssumeRole')
    error = run.result['error']
    assert (error['code'], error['status_code']) == ('NoPermission', 403)
    assert error['request_id'] and error['request_id'] in msg
    assert run.result['changed'] is False
    assert PROFILE_SECRET not in run.text and BASE_SECRET not in run.text and assume['minted_access_key_id'] is None


@pytest.mark.parametrize('value', [899, 43201])
def test_session_expiration_out_of_range_fails_before_any_request(emu, role_connection, run_module, value):
    run = run_module(info_module, dict(role_connection, assume_role_arn=ROLE_A, assume_role_session_expiration=value))
    assert run.exit_code == 1
    assert run.result['msg'] == 'assume_role_session_expiration must be 900 to 43200 (seconds), got %d' % value
    assert emu.requests == [] and emu.sts_requests == []


def test_credentials_that_expire_mid_task_are_renewed(make_emulator, run_module):
    """Minted credentials live 2 s; the task takes longer: every item succeeds, signed by renewed credentials."""
    emu = make_emulator(sts_lifetime=2, latency=0.05)
    emu.add_role(ROLE_A, trusted=['AKIDEXAMPLE'])
    emu.seed({'functions': [{'name': 'h%02d' % number} for number in range(30)]})
    emu.clear_requests()
    configs = [dict(function_name='h%02d' % number, max_async_retry_attempts=1) for number in range(30)]
    args = dict(
        region=emu.region,
        endpoint=emu.url,
        sts_endpoint=emu.url,
        access_key_id='AKIDEXAMPLE',
        access_key_secret=BASE_SECRET,
        assume_role_arn=ROLE_A,
        configs=configs,
        concurrency=1,
        retries=0,
    )
    run = run_module(batch_module, args)
    assert run.exit_code == 0, run
    results = run.result['results']
    assert len(results) == 30 and all(item['changed'] and not item.get('failed') for item in results)
    requests = emu.requests
    assert requests[-1]['time'] - requests[0]['time'] > 2.5
    # A read of a config not there yet is the service's 404; none was refused for its credentials.
    assert set((request['status'], request['code']) for request in requests) == {
        (404, 'AsyncConfigNotExists'),
        (200, None),
    }
    assert len(emu.sts_requests) >= 2
    assert len(set(request['access_key_id'] for request in requests)) >= 2


def write_credentials_file(tmp_path):
    path = tmp_path / 'credentials.ini'
    path.write_text(
        '[default]\ntype = access_key\naccess_key_id = AKIDEXAMPLE\naccess_key_secret = %s\n\n'
        '[platform]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n'
        % (BASE_SECRET, PROFILE_KEY, PROFILE_SECRET)
    )
    return path


@pytest.mark.parametrize('where', ['option', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'])
def test_a_profile_selects_its_section_key(emu, run_module, monkeypatch, tmp_path, where):
    monkeypatch.setenv('ALIBABA_CLOUD_CREDENTIALS_FILE', str(write_credentials_file(tmp_path)))
    # A key pair in the environment (an AWX credential, say) yields to the profile.
    monkeypatch.setenv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'AKIDEXAMPLE')
    monkeypatch.setenv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', BASE_SECRET)
    args = dict(region=emu.region, endpoint=emu.url)
    if where == 'option':
        args['profile'] = 'platform'
    else:
        monkeypatch.setenv(where, 'platform')
    run = run_module(info_module, args)
    assert run.exit_code == 0, run
    assert [request['access_key_id'] for request in emu.requests] == [PROFILE_KEY]
    assert PROFILE_SECRET not in run.text


def test_a_profile_is_the_source_of_an_assumed_role(emu, run_module, monkeypatch, tmp_path):
    monkeypatch.setenv('ALIBABA_CLOUD_CREDENTIALS_FILE', str(write_credentials_file(tmp_path)))
    run = run_module(
        info_module,
        dict(region=emu.region, endpoint=emu.url, sts_endpoint=emu.url, profile='platform', assume_role_arn=ROLE_A),
    )
    assert run.exit_code == 0, run
    assert [request['access_key_id'] for request in emu.sts_requests] == [PROFILE_KEY]
    assert set(request['access_key_id'] for request in emu.requests) == minted_for(emu, ROLE_A)


@pytest.mark.parametrize('option', ['access_key_id', 'access_key', 'secret_key'])
def test_a_profile_with_keys_given_as_options_fails_before_any_request(emu, run_module, monkeypatch, tmp_path, option):
    monkeypatch.setenv('ALIBABA_CLOUD_CREDENTIALS_FILE', str(write_credentials_file(tmp_path)))
    args = dict(region=emu.region, endpoint=emu.url, profile='platform')
    args[option] = 'AKIDEXAMPLE' if option in ('access_key_id', 'access_key') else BASE_SECRET
    if option != 'secret_key':
        args['access_key_secret'] = BASE_SECRET
    else:
        args['access_key_id'] = 'AKIDEXAMPLE'
    run = run_module(info_module, args)
    assert run.exit_code == 1
    assert run.result['msg'].startswith('profile cannot be used with '), run.result['msg']
    assert option in run.result['msg'] and BASE_SECRET not in run.text
    assert emu.requests == []


def test_an_unknown_profile_is_named_before_any_request(emu, run_module, monkeypatch, tmp_path):
    credentials = write_credentials_file(tmp_path)
    monkeypatch.setenv('ALIBABA_CLOUD_CREDENTIALS_FILE', str(credentials))
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('ALIBABA_CLOUD_PROFILE', 'nosuch')
    run = run_module(info_module, dict(region=emu.region, endpoint=emu.url))
    assert run.exit_code == 1
    assert run.result['msg'] == (
        "profile 'nosuch' was not found: the CLI config %s has no profiles and the credentials file %s has "
        'sections default, platform (ALIBABA_CLOUD_CREDENTIALS_FILE names another file)'
        % (tmp_path / '.aliyun' / 'config.json', credentials)
    )
    assert emu.requests == []


def test_an_sts_key_without_its_token_fails_before_any_request(emu, run_module):
    run = run_module(
        info_module,
        dict(region=emu.region, endpoint=emu.url, access_key_id='STS.EXAMPLE', access_key_secret='STSSECRET'),
    )
    assert run.exit_code == 1
    assert run.result['msg'].startswith(
        'access_key_id is a temporary STS AccessKey (it starts with STS.): set security_token'
    )
    assert emu.requests == [] and 'STSSECRET' not in run.text
