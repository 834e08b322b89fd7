# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What AWX does with the credential type and the example job template, done here without AWX.

AWX renders the credential type's env injectors with a sandboxed Jinja environment, the inputs
as the namespace (empty inputs left out), and hands the result to ansible-runner, which runs the
playbook in a private data directory. This test does the same against the FC3 emulator, with a
distinctive secret, and then looks for that secret in everything the job left behind.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import sys

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from clean_env import is_ambient, isolated_settings
from lane_helpers import COLLECTION_ROOT, EmulatorProcess

CREDENTIAL_TYPE = os.path.join(COLLECTION_ROOT, 'extensions', 'awx', 'credential_type.yml')
PLAYBOOK = os.path.join(COLLECTION_ROOT, 'examples', 'awx_job_template.yml')

REGION = 'cn-shanghai'
ACCOUNT_ID = '1234567890123456'
ACCESS_KEY_ID = 'LTAI5tAWXjobTEMPLATE'
# Distinctive, so that finding it anywhere cannot be a coincidence.
ACCESS_KEY_SECRET = 'Zq7-awx-SECRET-must-never-leak-4e1f9c'
FUNCTION = 'orders-worker'
DLQ = 'acs:mns:%s:%s:/queues/orders-dlq/messages' % (REGION, ACCOUNT_ID)


def load_credential_type():
    with open(CREDENTIAL_TYPE, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def render_env_injectors(credential_type, inputs):
    """The environment AWX injects for a credential of this type with these inputs."""
    namespace = dict((key, value) for key, value in inputs.items() if value not in (None, ''))
    sandbox = ImmutableSandboxedEnvironment()
    return dict(
        (name, sandbox.from_string(template).render(**namespace))
        for name, template in credential_type['injectors']['env'].items()
    )


def test_credential_type_shape():
    credential_type = load_credential_type()
    # Exactly the options of the awx.awx.credential_type module (and of `awx credential_types create`).
    assert sorted(credential_type) == ['description', 'injectors', 'inputs', 'kind', 'name']
    assert credential_type['kind'] == 'cloud'
    assert credential_type['name']
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert sorted(fields) == [
        'access_key_id',
        'access_key_secret',
        'assume_role_arn',
        'assume_role_external_id',
        'assume_role_session_name',
        'endpoint',
        'region',
        'security_token',
    ]
    assert [name for name, field in sorted(fields.items()) if field.get('secret')] == [
        'access_key_secret',
        'security_token',
    ]
    assert credential_type['inputs']['required'] == ['region', 'access_key_id', 'access_key_secret']
    assert sorted(credential_type['injectors']) == ['env']


def test_injectors_render_the_environment_of_the_shared_options():
    env = render_env_injectors(
        load_credential_type(),
        {
            'region': REGION,
            'access_key_id': 'STS.AK',
            'access_key_secret': 'S',
            'security_token': 'T',
            'endpoint': 'https://fcv3.example.test',
        },
    )
    assert env == {
        'ALIBABA_CLOUD_REGION_ID': REGION,
        'ALIBABA_CLOUD_ACCESS_KEY_ID': 'STS.AK',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET': 'S',
        'ALIBABA_CLOUD_SECURITY_TOKEN': 'T',
        'ALIBABA_CLOUD_FC_ENDPOINT': 'https://fcv3.example.test',
        'ALICLOUD_ASSUME_ROLE_ARN': '',
        'ALICLOUD_ASSUME_ROLE_SESSION_NAME': '',
        'ALICLOUD_ASSUME_ROLE_EXTERNAL_ID': '',
    }


def test_the_role_fields_are_injected_as_the_role_options_environment_fallbacks():
    """The names the connection options read (tests/unit/plugins/module_utils/test_connection.py holds them)."""
    inputs = {
        'region': REGION,
        'access_key_id': ACCESS_KEY_ID,
        'access_key_secret': 'S',
        'assume_role_arn': 'acs:ram::2222222222222222:role/deployer',
        'assume_role_session_name': 'awx-job',
        'assume_role_external_id': 'platform-team',
    }
    env = render_env_injectors(load_credential_type(), inputs)
    assert (
        env['ALICLOUD_ASSUME_ROLE_ARN'],
        env['ALICLOUD_ASSUME_ROLE_SESSION_NAME'],
        env['ALICLOUD_ASSUME_ROLE_EXTERNAL_ID'],
    ) == ('acs:ram::2222222222222222:role/deployer', 'awx-job', 'platform-team')
    assert (
        'secret'
        not in dict((field['id'], field) for field in load_credential_type()['inputs']['fields'])['assume_role_arn']
    )


@pytest.fixture
def emulator():
    emu = EmulatorProcess(
        '--region', REGION, '--account-id', ACCOUNT_ID, '--access-key', '%s:%s' % (ACCESS_KEY_ID, ACCESS_KEY_SECRET)
    )
    yield emu
    emu.stop()


def every_file(top):
    for directory, _dirs, files in os.walk(top):
        for name in files:
            yield os.path.join(directory, name)


def launch_job(emulator, private_data_dir, extravars):  # pylint: disable=redefined-outer-name
    """Run the example job template as AWX would: credential injected, extra variables given."""
    import ansible_runner  # pylint: disable=import-outside-toplevel

    injected = render_env_injectors(
        load_credential_type(),
        {
            'region': REGION,
            'access_key_id': ACCESS_KEY_ID,
            'access_key_secret': ACCESS_KEY_SECRET,
            'endpoint': emulator.url,
        },
    )
    assert injected['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] == ACCESS_KEY_SECRET
    assert injected['ALIBABA_CLOUD_SECURITY_TOKEN'] == ''

    (private_data_dir / 'project').mkdir(parents=True)
    (private_data_dir / 'inventory').mkdir()
    (private_data_dir / 'inventory' / 'hosts').write_text('localhost ansible_connection=local\n', encoding='utf-8')
    shutil.copy(PLAYBOOK, str(private_data_dir / 'project' / 'awx_job_template.yml'))
    envvars = dict(injected)
    envvars.update(
        {
            # The Python of an execution environment: the one with the SDK.
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_COLLECTIONS_PATH': os.environ['ANSIBLE_COLLECTIONS_PATH'],
        }
    )
    # Home and Ansible's files inside the private data directory, where the secret is looked for afterwards.
    envvars.update(isolated_settings(private_data_dir / 'home'))
    result = ansible_runner.run(
        private_data_dir=str(private_data_dir),
        playbook='awx_job_template.yml',
        envvars=envvars,
        extravars=extravars,
        # As AWX runs jobs: no env files written into the private data directory, and verbose
        # output, where module arguments are shown.
        suppress_env_files=True,
        verbosity=3,
        ident='1',
    )
    stdout = result.stdout.read()
    assert result.status == 'successful', stdout
    assert result.rc == 0
    stats = [event for event in result.events if event['event'] == 'playbook_on_stats'][0]['event_data']
    assert not stats['failures']
    return stdout, stats


@pytest.fixture
def awx_env(monkeypatch):
    # Nothing but the injected credential may carry connection settings.
    for name in list(os.environ):
        if is_ambient(name):
            monkeypatch.delenv(name)


NEXT_STEP = 'acs:fc:%s:%s:functions/orders-next' % (REGION, ACCOUNT_ID)
OLD_DLQ = 'acs:mns:%s:%s:/queues/orders-old-dlq/messages' % (REGION, ACCOUNT_ID)
BOTH_DESTINATIONS = {'onSuccess': {'destination': NEXT_STEP}, 'onFailure': {'destination': OLD_DLQ}}


def seed_with_both_destinations(emulator):  # pylint: disable=redefined-outer-name
    emulator.admin(
        'seed',
        {
            'functions': [{'name': FUNCTION}],
            'async_configs': [
                {
                    'function_name': FUNCTION,
                    'config': {
                        'maxAsyncRetryAttempts': 2,
                        'maxAsyncEventAgeInSeconds': 3600,
                        'destinationConfig': BOTH_DESTINATIONS,
                    },
                }
            ],
        },
    )
    seeded = emulator.admin('state')['async_configs']
    assert seeded[0]['config']['destinationConfig'] == BOTH_DESTINATIONS
    return seeded


def writes(emulator):  # pylint: disable=redefined-outer-name
    return [record for record in emulator.admin('requests')['requests'] if record['method'] != 'GET']


def test_job_template_with_only_the_function_changes_nothing(emulator, awx_env, tmp_path):  # pylint: disable=redefined-outer-name,unused-argument
    seeded = seed_with_both_destinations(emulator)
    stdout, stats = launch_job(emulator, tmp_path / 'awx_job', {'fc_function_name': FUNCTION})
    assert stats.get('changed', {}) == {}, stdout
    # The emulator's own store is the witness: both destinations (and every setting) as they were.
    assert emulator.admin('state')['async_configs'] == seeded
    assert writes(emulator) == []
    assert 'retries=2 max_age=3600s on_success=%s on_failure=%s' % (NEXT_STEP, OLD_DLQ) in stdout


def test_job_template_sets_one_destination_and_keeps_the_other(emulator, awx_env, tmp_path):  # pylint: disable=redefined-outer-name,unused-argument
    seed_with_both_destinations(emulator)
    stdout, stats = launch_job(
        emulator, tmp_path / 'awx_job', {'fc_function_name': FUNCTION, 'fc_on_failure_destination': DLQ}
    )
    assert stats['changed'] == {'localhost': 1}, stdout
    [stored] = emulator.admin('state')['async_configs']
    assert stored['config']['destinationConfig'] == {
        'onSuccess': {'destination': NEXT_STEP},
        'onFailure': {'destination': DLQ},
    }
    assert (stored['config']['maxAsyncRetryAttempts'], stored['config']['maxAsyncEventAgeInSeconds']) == (2, 3600)
    assert len(writes(emulator)) == 1


def test_job_template_through_ansible_runner(emulator, awx_env, tmp_path, capfd):  # pylint: disable=redefined-outer-name,unused-argument
    emulator.admin('seed', {'functions': [{'name': FUNCTION}]})
    private_data_dir = tmp_path / 'awx_job'
    stdout, stats = launch_job(
        emulator,
        private_data_dir,
        {
            'fc_function_name': FUNCTION,
            'fc_max_async_retry_attempts': 1,
            'fc_max_async_event_age_seconds': 600,
            'fc_on_failure_destination': DLQ,
        },
    )
    runner_output = capfd.readouterr()
    assert stats['changed'] == {'localhost': 1}

    state = emulator.admin('state')
    assert state['async_configs'] == [
        {
            'function_name': FUNCTION,
            'qualifier': 'LATEST',
            'config': dict(
                state['async_configs'][0]['config'],
                maxAsyncRetryAttempts=1,
                maxAsyncEventAgeInSeconds=600,
                destinationConfig={'onFailure': {'destination': DLQ}},
            ),
        }
    ]
    keys_used = set(record['access_key_id'] for record in emulator.admin('requests')['requests'])
    assert keys_used == {ACCESS_KEY_ID}

    # The secret reached the modules only through the environment. It is in no file of the job's
    # private data directory (stdout, job events, status, fact cache, env/, ...) but one:
    # ansible-runner's own launch record artifacts/<ident>/command, which holds the process
    # environment by design (mode 0600; AWX streams it back and stores only a redacted copy of the
    # environment, hiding names with KEY, SECRET or TOKEN in them, as all of ours have).
    assert os.path.isdir(str(private_data_dir / 'artifacts' / '1' / 'job_events'))
    launch_record = str(private_data_dir / 'artifacts' / '1' / 'command')
    leaked = []
    for path in every_file(str(private_data_dir)):
        with open(path, 'rb') as handle:
            if ACCESS_KEY_SECRET.encode('utf-8') in handle.read():
                leaked.append(path)
    assert leaked == [launch_record]
    assert os.stat(launch_record).st_mode & 0o077 == 0
    with open(launch_record, encoding='utf-8') as handle:
        launch = json.load(handle)
    assert [name for name, value in launch['env'].items() if ACCESS_KEY_SECRET in value] == [
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET'
    ]
    assert ACCESS_KEY_SECRET not in json.dumps(launch['command'])
    assert ACCESS_KEY_SECRET not in stdout
    assert ACCESS_KEY_SECRET not in runner_output.out + runner_output.err
    assert 'retries=1 max_age=600s on_success=none on_failure=%s' % DLQ in stdout
