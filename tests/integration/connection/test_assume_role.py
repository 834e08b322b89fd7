# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 21's playbook witness: every module and the role, through a role assumed from an option, from
module_defaults and from ALICLOUD_ASSUME_ROLE_ARN, two roles in one play, run with the modules shipped and in
Ansible's worker, at -vvvv. The finer rules are proven in process (tests/emulated/.../test_credentials.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from harness import ACCESS_KEY_SECRET
from in_process.equivalence import IN_PROCESS_LINE, SHIPPED_LINE, keep_results, run_both

ROLE_A = 'acs:ram::2222222222222222:role/deployer'
ROLE_B = 'acs:ram::3333333333333333:role/auditor'
CONFIG = 'alicloud.fc.fcv3_async_invoke_config'
INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
BATCH = 'alicloud.fc.fcv3_async_invoke_configs'
FUNCTIONS = 'alicloud.fc.fcv3_function_info'
ROLE_DEFAULTS = {'region': '{region}', 'endpoint': '{url}', 'sts_endpoint': '{url}'}


def prepare(emulator):
    emulator.add_role(ROLE_A, trusted=['AKIDEXAMPLE'])
    emulator.add_role(ROLE_B, trusted=['AKIDEXAMPLE'])
    emulator.seed({'functions': [{'name': name} for name in ('f1', 'f2', 'f3', 'f4', 'r1', 'r2')]})


def task(name, module, args, **keywords):
    return dict({'name': name, module: args, 'register': name}, **keywords)


PLAYS = [
    {
        'name': 'Role A from module_defaults, role B for one task',
        'hosts': 'localhost',
        'connection': 'local',
        'gather_facts': False,
        'module_defaults': {'group/alicloud.fc.fcv3': dict(ROLE_DEFAULTS, assume_role_arn=ROLE_A)},
        'tasks': [
            task('config', CONFIG, {'function_name': 'f1', 'max_async_retry_attempts': 1}),
            task('info', INFO, {'function_name': 'f2', 'assume_role_arn': ROLE_B}),
            task(
                'batch',
                BATCH,
                {'configs': [{'function_name': 'f3'}, {'function_name': 'f4'}], 'defaults': {'async_task': True}},
            ),
            task('functions', FUNCTIONS, {'prefix': 'f'}),
        ],
    },
    {
        'name': 'Role B from the environment, for the role',
        'hosts': 'localhost',
        'connection': 'local',
        'gather_facts': False,
        'environment': {'ALICLOUD_ASSUME_ROLE_ARN': ROLE_B},
        'module_defaults': {'group/alicloud.fc.fcv3': ROLE_DEFAULTS},
        'vars': {
            'async_invoke_policy_select': {'prefix': 'r'},
            'async_invoke_policy_defaults': {'max_async_retry_attempts': 0},
        },
        'roles': ['alicloud.fc.async_invoke_policy'],
    },
    {
        'name': 'Keep',
        'hosts': 'localhost',
        'connection': 'local',
        'gather_facts': False,
        'tasks': [keep_results({name: name for name in ('config', 'info', 'batch', 'functions')})],
    },
]

# Which role signs the requests about which function (ListFunctions: one per play).
EXPECTED_ROLE = {'f1': ROLE_A, 'f2': ROLE_B, 'f3': ROLE_A, 'f4': ROLE_A, 'r1': ROLE_B, 'r2': ROLE_B}


def test_every_module_and_the_role_through_assumed_roles_on_both_paths(make_emulator, tmp_path):
    emulators = []

    def prepare_and_keep(emulator):
        prepare(emulator)
        emulators.append(emulator)

    runs = run_both(make_emulator, tmp_path, PLAYS, prepare=prepare_and_keep, extra_args=['-vvvv'])
    for run, emulator, path_line in zip(runs, emulators, (SHIPPED_LINE, IN_PROCESS_LINE)):
        assert run.returncode == 0, run.stdout
        assert path_line in run.stdout
        results = run.results
        assert results['config']['changed'] is True and results['info']['async_invoke_configs'] == []
        assert [item['changed'] for item in results['batch']['results']] == [True, True]
        assert [item['function_name'] for item in results['functions']['functions']] == ['f1', 'f2', 'f3', 'f4']
        # One AssumeRole per module task, each with its own role, session "ansible".
        assert [(call['role_arn'], call['session_name'], call['status']) for call in emulator.sts_requests] == [
            (ROLE_A, 'ansible', 200),
            (ROLE_B, 'ansible', 200),
            (ROLE_A, 'ansible', 200),
            (ROLE_A, 'ansible', 200),
            (ROLE_B, 'ansible', 200),
            (ROLE_B, 'ansible', 200),
        ]
        role_of_key = dict((item['access_key_id'], item['role_arn']) for item in emulator.minted)
        signed = [
            (
                request['function_name'] or request['query'].get('functionName') or request['action'],
                role_of_key.get(request['access_key_id']),
            )
            for request in emulator.requests
        ]
        assert [role for name, role in signed if name == 'ListFunctions'] == [ROLE_A, ROLE_B]
        assert all(role == EXPECTED_ROLE[name] for name, role in signed if name != 'ListFunctions'), signed
        assert set(name for name, role in signed) == set(EXPECTED_ROLE) | {'ListFunctions'}
        # At -vvvv: neither the base secret nor any role secret, token or key.
        for secret in [ACCESS_KEY_SECRET, 'EmuRoleSecret', 'EmuRoleToken'] + list(role_of_key):
            assert secret not in run.stdout, secret
