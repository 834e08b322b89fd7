# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 15, behaviours 1-7 and 9-11: a playbook run with the modules shipped and run in the worker
gives the same registered results, console output and emulator requests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from harness import ACCESS_KEY_SECRET
from equivalence import IN_PROCESS_LINE, SHIPPED, SHIPPED_LINE, assert_equivalent, keep_results, run, run_both

CONFIG = 'alicloud.fc.fcv3_async_invoke_config'
INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
STS_ID, STS_SECRET, STS_TOKEN = 'STS.EXAMPLE', 'STSSECRET', 'STSTOKEN'
URL_PASSWORD = 'Pa55-in-the-URL'
CRASHING = 'fx'  # the emulator answers with a function ARN that is not a string for this function

SEED = {
    'functions': [{'name': name} for name in ('f1', 'f2', 'f3', 'fr', 'fl1', 'fl2', 'fd', 'ft', CRASHING)],
    'async_configs': [
        {'function_name': name, 'config': {'maxAsyncRetryAttempts': 2}}
        for name in ('f1', 'f3', 'fr', 'fl1', 'fl2', 'ft', CRASHING)
    ],
}


def prepare(emulator):
    emulator.seed(SEED)
    emulator.add_fault(status=503, count=1, method='GET', function='fr')  # one retry: a warning for that item
    emulator.add_fault(drop=True, action='PutAsyncInvokeConfig', function='fd')  # applied, answer lost
    emulator.add_fault(hang=8.0, count=1, function='ft')  # outlasts the task's timeout, however fast the module starts
    arn = emulator._arn
    emulator._arn = lambda name, qualifier='LATEST': 12345 if name == CRASHING else arn(name, qualifier)


def task(name, module, args, **keywords):
    return dict({'name': name, module: args, 'register': name, 'ignore_errors': True}, **keywords)


MAIN_TASKS = [
    task('noop', CONFIG, {'function_name': '{{ item }}', 'max_async_retry_attempts': 2}, loop=['fr', 'fl1', 'fl2']),
    task('create', CONFIG, {'function_name': 'f2', 'max_async_retry_attempts': 1}),
    task('update', CONFIG, {'function_name': 'f1', 'max_async_retry_attempts': 3}, diff=True),
    task('absent', CONFIG, {'function_name': 'f3', 'state': 'absent'}),
    task('check', CONFIG, {'function_name': 'fl1', 'max_async_retry_attempts': 5}, check_mode=True),
    task(
        'check_diff',
        CONFIG,
        {'function_name': 'fl1', 'max_async_retry_attempts': 5, 'async_task': True},
        check_mode=True,
        diff=True,
    ),
    task('unknown', CONFIG, {'function_name': 'f1', 'bogus': 1}),
    task('wrong_type', CONFIG, {'function_name': 'f1', 'max_async_retry_attempts': 'many'}),
    task('bad_name', CONFIG, {'function_name': 'bad name!'}),
    task('missing', CONFIG, {'function_name': 'nope', 'max_async_retry_attempts': 1}),
    task('info', INFO, {'function_name': 'f1'}),
    task(
        'fleet',
        'alicloud.fc.fcv3_async_invoke_configs',
        {'configs': [{'function_name': 'fl1', 'max_async_retry_attempts': 4}, {'function_name': 'fl2'}]},
        diff=True,
    ),
    task('functions', 'alicloud.fc.fcv3_function_info', {'prefix': 'f'}),
    task(
        'secrets',
        INFO,
        {
            'function_name': 'f1',
            'access_key_id': STS_ID,
            'access_key_secret': STS_SECRET,
            'security_token': STS_TOKEN,
            'endpoint': '{url}'.replace('http://', 'http://user:%s@' % URL_PASSWORD),
        },
    ),
    task('censored', INFO, {'function_name': 'f1', 'access_key_secret': ACCESS_KEY_SECRET}, no_log=True),
    task(
        'conditions',
        INFO,
        {'function_name': 'f1'},
        changed_when=True,
        failed_when="conditions.async_invoke_configs | length == 1",
    ),
    task(
        'retried', INFO, {'function_name': 'f1'}, until='retried.async_invoke_configs | length == 5', retries=2, delay=0
    ),
    task('written_once', CONFIG, {'function_name': 'fd', 'max_async_retry_attempts': 1, 'retries': 0}),
    # A no-op: a shipped module that outlives its task's timeout goes on running, and must not write.
    task('timed_out', CONFIG, {'function_name': 'ft', 'max_async_retry_attempts': 2, 'read_timeout': 10}, timeout=3),
    task('crash', INFO, {'function_name': CRASHING}),
]
MAIN_NAMES = [entry['register'] for entry in MAIN_TASKS]

ENV_PLAY = {
    'name': 'Settings from environment: at play, block and task level, templated per item',
    'hosts': 'localhost',
    'gather_facts': False,
    'environment': {'ALIBABA_CLOUD_REGION_ID': '{region}'},
    # The item names its credentials, so that no secret is in the loop's own output.
    'vars': {
        'credentials': {
            'sts': {
                'ALIBABA_CLOUD_ACCESS_KEY_ID': STS_ID,
                'ALIBABA_CLOUD_ACCESS_KEY_SECRET': STS_SECRET,
                'ALIBABA_CLOUD_SECURITY_TOKEN': STS_TOKEN,
            },
            # The worker's own key pair, and no token: a token left over from the item before would fail it.
            'static': {'ALICLOUD_REGION': 'ignored-since-the-first-is-set'},
        }
    },
    'tasks': [
        {
            'block': [
                task(
                    'from_environment',
                    INFO,
                    {'function_name': 'f1'},
                    loop=['sts', 'static'],
                    environment='{{ credentials[item] }}',
                )
            ],
            'environment': {'ALIBABA_CLOUD_FC_ENDPOINT': '{url}'},
        }
    ],
}

DELEGATED_PLAY = {
    'name': 'A remote host delegating to the controller',
    'hosts': 'remote',
    'gather_facts': False,
    'module_defaults': {'group/alicloud.fc.fcv3': {'region': '{region}', 'endpoint': '{url}'}},
    'tasks': [task('delegated', INFO, {'function_name': 'f1'}, delegate_to='localhost')],
}

MAIN_PLAY = {
    'name': 'The modules, shipped or in the worker',
    'hosts': 'localhost',
    'connection': 'local',
    'gather_facts': False,
    'module_defaults': {
        'group/alicloud.fc.fcv3': {'region': '{region}', 'endpoint': '{url}', 'read_timeout': 2},
        INFO: {'retries': 1},
    },
    'tasks': MAIN_TASKS,
}

NAMES = dict((name, name) for name in MAIN_NAMES + ['from_environment'])
NAMES['delegated'] = "hostvars['remote'].delegated"
PLAYS = [
    MAIN_PLAY,
    ENV_PLAY,
    DELEGATED_PLAY,
    {'name': 'Keep', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [keep_results(NAMES)]},
]


def write_inventory(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / 'inventory.ini'
    # An address nothing answers on: the remote host is only ever delegated from.
    path.write_text('localhost ansible_connection=local\nremote ansible_host=192.0.2.1 ansible_connection=ssh\n')
    return str(path)


def test_shipped_and_in_process_runs_are_the_same(make_emulator, tmp_path):
    inventory = write_inventory(tmp_path)
    shipped, in_process = run_both(make_emulator, tmp_path, PLAYS, prepare=prepare, inventory=inventory)
    assert_equivalent(shipped, in_process)
    keyed = results = in_process.results

    # 1 and 2: outcomes are the modules' own, and an unchanged item makes exactly one GET.
    assert [item['changed'] for item in keyed['noop']['results']] == [False, False, False]
    assert keyed['create']['changed'] is True and keyed['update']['diff']['after']['max_async_retry_attempts'] == 3
    assert keyed['absent']['changed'] is True
    for name in ('unknown', 'wrong_type', 'bad_name', 'missing'):
        assert keyed[name]['failed'] is True, name
    assert 'bogus' in keyed['unknown']['msg'] and 'max_async_retry_attempts' in keyed['wrong_type']['msg']
    noop_fl2 = [request for request in in_process.requests[:4] if '/fl2/' in request['path']]
    assert [request['method'] for request in noop_fl2] == ['GET']

    # 3: check mode predicts without writing.
    assert keyed['check']['changed'] is True and 'diff' not in keyed['check']
    assert keyed['check_diff']['diff']['after']['max_async_retry_attempts'] == 5
    writes = [request for request in in_process.requests if request['method'] in ('PUT', 'DELETE')]
    assert all(
        '/fl1/' not in request['path'] or request['body'].get('maxAsyncRetryAttempts') == 4 for request in writes
    )

    # 4: no secret anywhere; no_log censors.
    text = json.dumps(results) + in_process.stdout
    for secret in (STS_SECRET, STS_TOKEN, URL_PASSWORD, ACCESS_KEY_SECRET):
        assert secret not in text, secret
    # 2.16 leaves the invocation out of a no_log task's result; 2.21 returns it with the secret masked.
    assert keyed['censored'].get('invocation', {}).get('module_args', {}).get('access_key_secret') in (
        None,
        'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',
    )

    # 5: the retry's warning is item 0's, once (2.21 keeps it in the item's result, 2.16 shows it after the loop).
    warnings = [item.get('warnings') or [] for item in keyed['noop']['results']]
    assert warnings[1:] == [[], []] and len(warnings[0]) <= 1
    assert in_process.stdout.count('Retrying after') == 1

    # 6: per-item environment reaches the credentials chain and does not outlive its item.
    env_requests = [(request['access_key_id'], request['status']) for request in in_process.requests[-3:-1]]
    assert [item.get('failed', False) for item in keyed['from_environment']['results']] == [False, False]
    assert env_requests == [(STS_ID, 200), ('AKIDEXAMPLE', 200)]

    # 9: delegated from a remote host, in the worker.
    assert keyed['delegated']['async_invoke_configs'][0]['max_async_retry_attempts'] == 3

    # 10 and 11: a write whose answer was lost is written once; a timeout and a crash look as shipped.
    assert [request['method'] for request in in_process.requests if '/fd/' in request['path']].count('PUT') == 1
    assert keyed['written_once']['changed'] is True  # learnt by reading again, not by writing again
    assert keyed['timed_out']['failed'] is True
    assert 'timedout' in keyed['timed_out'] or 'expected time frame' in keyed['timed_out']['msg']  # 2.21 / 2.16
    assert keyed['crash']['failed'] is True
    assert keyed['conditions']['failed'] is True and keyed['conditions']['changed'] is True
    assert keyed['retried']['attempts'] == 2


def test_in_process_run_says_so_and_prints_no_secret_at_vvv(make_emulator, tmp_path):
    inventory = write_inventory(tmp_path)
    plays = [
        dict(MAIN_PLAY, tasks=[entry for entry in MAIN_TASKS if entry['register'] in ('noop', 'secrets', 'censored')])
    ]
    for extra_vars, line, count in (
        (None, IN_PROCESS_LINE, 5),
        (SHIPPED, SHIPPED_LINE + 'alicloud_fc_in_process is false', 5),
    ):
        emulator = make_emulator()
        prepare(emulator)
        outcome = run(
            tmp_path / str(bool(extra_vars)),
            plays,
            emulator,
            extra_vars=extra_vars,
            extra_args=['-vvv'],
            inventory=inventory,
        )
        assert outcome.stdout.count(line) == count, outcome.stdout
        assert 'the output has been hidden' in outcome.stdout  # the no_log task, at -vvv
        for secret in (STS_SECRET, STS_TOKEN, URL_PASSWORD, ACCESS_KEY_SECRET):
            assert secret not in outcome.stdout, secret


def test_check_and_diff_on_the_command_line_predict_the_same_without_writing(make_emulator, tmp_path):
    tasks = [entry for entry in MAIN_TASKS if entry['register'] in ('noop', 'create', 'update', 'absent', 'fleet')]
    plays = [
        dict(MAIN_PLAY, tasks=tasks),
        {
            'name': 'Keep',
            'hosts': 'localhost',
            'gather_facts': False,
            'tasks': [keep_results(dict((entry['register'], entry['register']) for entry in tasks))],
        },
    ]
    shipped, in_process = run_both(
        make_emulator,
        tmp_path,
        plays,
        prepare=prepare,
        extra_args=['--check', '--diff'],
        inventory=write_inventory(tmp_path),
    )
    assert_equivalent(shipped, in_process)
    assert [request['method'] for request in in_process.requests if request['method'] not in ('GET',)] == []
    results = in_process.results
    assert results['create']['changed'] is True and results['create']['diff']['before'] == {}
    assert results['update']['diff']['after']['max_async_retry_attempts'] == 3
    assert results['absent']['diff']['after'] == {}
    assert results['fleet']['changed'] is True and results['fleet']['diff']
