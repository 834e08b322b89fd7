# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make test-live``: the collection's scenarios against the account and endpoint the environment names.

    FC_LIVE_TESTS=yes ALIBABA_CLOUD_REGION_ID=... ALIBABA_CLOUD_ACCESS_KEY_ID=... \
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=... [ALIBABA_CLOUD_FC_ENDPOINT=...] python tests/live/live.py

It refuses to start without ``FC_LIVE_TESTS=yes`` (no request made). It creates three functions from a
tiny inline zip (names starting with ``fclive-<time>-<random>-``, tagged with the run), publishes one
version, creates one alias, and then runs every scenario of ``SCENARIOS`` as a playbook of the installed
collection (``ansible-playbook``, the collection from ``ANSIBLE_COLLECTIONS_PATH``), checking what each
task returned and, through the SDK, what the service holds. Each scenario runs check mode before the real
run and the same task again after it (the rerun must change nothing). At the end, also after a failed
scenario or SIGINT / SIGTERM, it removes everything it created (``fc_account.Account.cleanup``) and lists
what it could not remove; the last line is ``N passed, N failed``.

The SDK requests of setup and teardown go through ``fc_account.Account`` (the prefix guard, the allowed
operations); the modules get the run's names only. Nothing here uses the emulator's test hooks.
"""

import argparse
import base64
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fc_account import (  # noqa: E402  pylint: disable=wrong-import-position
    MEMORY_MB,
    RUNTIME,
    TAG_RUN,
    Account,
    Connection,
    Interrupted,
    interruptible,
    is_not_found,
    require_opt_in,
    run_prefix,
    shielded,
    tiny_zip,
)

TAG_GROUP = 'alicloud-fc-live-group'
ALIAS = 'live'
# Requests of setup (3 creates, a state read, 1 version, 1 alias) and teardown (per function: its config list, at most
# three config deletes, the alias, the version, the function; two prefix lists), for the stated bound.
SETUP_REQUESTS = 6
TEARDOWN_REQUESTS = 3 * 4 + 2 + 2
SCENARIOS = []


def scenario(requests):
    """Register a scenario: a method of Run returning (tasks, check); ``requests`` bounds what it sends."""

    def register(method):
        SCENARIOS.append((method.__name__, requests, method))
        return method

    return register


class Failed(AssertionError):
    pass


def expect(condition, message, *shown):
    if not condition:
        raise Failed(
            message + ''.join(': %s' % json.dumps(value, sort_keys=True, default=str)[:600] for value in shown)
        )


def changed(result, label):
    expect(not result.get('failed'), '%s failed' % label, result.get('msg'))
    expect(result.get('changed') is True, '%s did not report a change' % label, result)


def unchanged(result, label):
    expect(not result.get('failed'), '%s failed' % label, result.get('msg'))
    expect(result.get('changed') is False, '%s reported a change' % label, result)


def converge(label, task, check=None):
    """Check mode, the real run and the rerun of one task: the tasks and their check."""
    tasks = [
        dict(label=label + '_check', task=task, check_mode=True),
        dict(label=label + '_real', task=task),
        dict(label=label + '_rerun', task=task),
    ]

    def verify(results):
        first, real = results[label + '_check'], results[label + '_real']
        changed(first, label + ' in check mode')
        changed(real, label)
        unchanged(results[label + '_rerun'], label + ' rerun')
        if 'diff' in first and 'diff' in real and not isinstance(first['diff'], list):
            # The real run found what check mode found: check mode wrote nothing.
            expect(
                first['diff'].get('before') == real['diff'].get('before'),
                label + ': check mode changed the config',
                first['diff'],
                real['diff'],
            )
            # What check mode predicts holds (a new config's defaults are the service's, not predicted).
            predicted, outcome = _settings(first['diff'].get('after')), _settings(real['diff'].get('after'))
            expect(
                all(outcome.get(k) == v for k, v in predicted.items()),
                label + ': check mode predicted another outcome',
                predicted,
                outcome,
            )
        if 'results' in first:
            expect(
                plan(first) == plan(real),
                label + ': check mode planned another change than the real run made',
                plan(first),
                plan(real),
            )
        if check:
            check(results)

    return tasks, verify


def plan(result):
    """What a batch task did (or would do), item by item: (function, qualifier, state, changed)."""
    return [
        (r.get('function_name'), r.get('qualifier'), r.get('state'), r.get('changed'))
        for r in result.get('results', [])
    ]


def counts(result):
    """{created, updated, deleted, unchanged, failed} of a batch task, from its results."""
    found = dict(created=0, updated=0, deleted=0, unchanged=0, failed=0)
    for item in result.get('results', []):
        before = (item.get('diff') or {}).get('before')
        if item.get('failed'):
            found['failed'] += 1
        elif not item.get('changed'):
            found['unchanged'] += 1
        elif item.get('state') == 'absent':
            found['deleted'] += 1
        else:
            found['created' if before == {} else 'updated'] += 1
    return found


def _settings(config):
    """A returned config less its read-only keys, for comparing a prediction with the outcome."""
    return {k: v for k, v in (config or {}).items() if k not in ('function_arn', 'created_time', 'last_modified_time')}


class Sentinel:
    """A local endpoint that answers nothing and counts connections: a refused task must never reach it."""

    def __init__(self):
        self.connections = 0
        self._socket = socket.socket()
        self._socket.bind(('127.0.0.1', 0))
        self._socket.listen(16)
        self.url = 'http://127.0.0.1:%d' % self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                connection, dummy = self._socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self._socket.close()


class Run:
    """One run: the account, its names, the playbooks."""

    def __init__(self, account, connection, workdir, say):
        self.account = account
        self.connection = connection
        self.workdir = workdir
        self.say = say
        self.prefix = account.prefix
        self.run_id = account.prefix.rstrip('-')
        self.a, self.b, self.c = (account.prefix + x for x in 'abc')
        self.endpoint = connection.effective_endpoint(account.client)
        self.arns = {}
        self.version = None
        self.process = None
        self.log = None
        self.sentinel = None

    # ------------------------------------------------------------------ setup

    def setup(self):
        for name, group in ((self.a, 'pair'), (self.b, 'pair'), (self.c, 'single')):
            self.arns[name] = self.account.create_function(name, {TAG_RUN: self.run_id, TAG_GROUP: group})[
                'functionArn'
            ]
        self.account.wait_active(self.a)
        self.version = self.account.publish_version(self.a)
        self.account.create_alias(self.a, ALIAS, self.version)

    # ------------------------------------------------------------------ playbooks

    def play(self, name, tasks):
        """A play of ``tasks`` (dicts: label, task, check_mode, capture) that writes every result to NAME.json,
        then waits for NAME.go: the runner checks the service between two scenarios, with one ansible-playbook
        for the whole run (its start costs seconds)."""
        results_file = os.path.join(self.workdir, name + '.json')
        play_tasks = []
        for item in tasks:
            task = dict(item['task'])
            task['name'] = '%s: %s' % (name, item['label'])
            task['ignore_errors'] = True
            if item.get('check_mode'):
                task['check_mode'] = True
            if 'capture' in item:
                play_tasks.append(task)
                keep = {'r_' + item['label']: '{{ %s | default({}) }}' % item['capture']}
                play_tasks.append({'name': 'keep ' + item['label'], 'ansible.builtin.set_fact': keep})
            else:
                task['register'] = 'r_' + item['label']
                play_tasks.append(task)
        collected = ', '.join(
            "'%s': r_%s | default({'failed': true, 'msg': 'not run'})" % (t['label'], t['label']) for t in tasks
        )
        play_tasks.append(
            {
                'name': '%s: keep the results' % name,
                'ansible.builtin.copy': {
                    'content': '{{ {%s} | to_json }}' % collected,
                    'dest': results_file,
                    'mode': '0600',
                },
                'check_mode': False,
                'diff': False,
            }
        )
        # On the controller, without a module process (wait_for would poll once a second): a shell loop.
        go = shlex.quote(os.path.join(self.workdir, name + '.go'))
        wait = 'for i in $(seq 18000); do [ -e %s ] && break; sleep 0.05; done' % go
        play_tasks.append(
            {
                'name': '%s: wait for the checks' % name,
                'ansible.builtin.set_fact': {'live_go': "{{ lookup('ansible.builtin.pipe', %s) }}" % json.dumps(wait)},
            }
        )
        return {'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False, 'tasks': play_tasks}

    def start_playbook(self, plays):
        path = os.path.join(self.workdir, 'scenarios.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(plays, handle, indent=1)
        self.log = os.path.join(self.workdir, 'scenarios.log')
        ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
        with open(self.log, 'wb') as out:
            # A session of its own: an interruption of this run ends the playbook first, then cleans up.
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                [ansible_playbook, '-i', 'localhost,', '--diff', path],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.playbook_environment(),
                cwd=self.workdir,
                start_new_session=True,
            )

    def results_of(self, name):
        """The results of scenario ``name``'s play, once the playbook wrote them."""
        results_file = os.path.join(self.workdir, name + '.json')
        while not os.path.exists(results_file):
            if self.process is None or self.process.poll() is not None:
                with open(self.log, encoding='utf-8', errors='replace') as handle:
                    tail = handle.read()[-1500:]
                status = None if self.process is None else self.process.returncode
                raise Failed(
                    'ansible-playbook ended (status %s) before this scenario (log %s):\n%s' % (status, self.log, tail)
                )
            time.sleep(0.05)
        with open(results_file, encoding='utf-8') as handle:
            return json.load(handle)

    def next_play(self, name):
        with open(os.path.join(self.workdir, name + '.go'), 'w', encoding='utf-8'):
            pass

    def wait_playbook(self):
        if self.process is not None:
            self.process.wait()
            self.process = None

    def stop_playbook(self):
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        for signum, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, signum)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def playbook_environment(self):
        env = dict(os.environ)
        env.update(
            {
                'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
                'ANSIBLE_RETRY_FILES_ENABLED': '0',
                'ANSIBLE_LOCALHOST_WARNING': '0',
                'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
                'ANSIBLE_NOCOLOR': '1',
                'ANSIBLE_HOME': os.path.join(self.workdir, '.ansible'),
                'ANSIBLE_LOCAL_TEMP': os.path.join(self.workdir, '.ansible', 'tmp'),
            }
        )
        return env

    # ------------------------------------------------------------------ scenarios

    @scenario(requests=12)
    def bad_input_refused_before_any_request(self):
        self.sentinel = Sentinel()
        at = {'endpoint': self.sentinel.url, 'retries': 0}
        tasks = [
            dict(
                label='range',
                task={
                    'alicloud.fc.fcv3_async_invoke_config': dict(at, function_name=self.a, max_async_retry_attempts=9)
                },
            ),
            dict(
                label='qualifier',
                task={
                    'alicloud.fc.fcv3_async_invoke_config': dict(
                        at, function_name=self.a, qualifier='no such qualifier!'
                    )
                },
            ),
            dict(
                label='arn',
                task={
                    'alicloud.fc.fcv3_async_invoke_config': dict(
                        at, function_name=self.a, destination_config={'on_failure': {'destination': 'not-an-arn'}}
                    )
                },
            ),
            dict(
                label='twice',
                task={
                    'alicloud.fc.fcv3_async_invoke_configs': dict(
                        at, configs=[{'function_name': self.a}, {'function_name': self.a}]
                    )
                },
            ),
            dict(label='regex', task={'alicloud.fc.fcv3_function_info': dict(at, prefix=self.prefix, name_regex='(')}),
        ]

        def check(results):
            for label, option in (
                ('range', 'max_async_retry_attempts'),
                ('qualifier', 'qualifier'),
                ('arn', 'destination'),
                ('twice', self.a),
                ('regex', 'name_regex'),
            ):
                expect(results[label].get('failed') is True, 'bad input (%s) was not refused' % label, results[label])
                expect(
                    option in results[label].get('msg', ''),
                    'the refusal of %s does not name %s' % (label, option),
                    results[label].get('msg'),
                )
            expect(
                self.sentinel.connections == 0,
                'bad input reached the endpoint (%d connections)' % self.sentinel.connections,
            )

        return tasks, check

    @scenario(requests=12)
    def config_created_in_check_mode_then_for_real(self):
        task = {
            'alicloud.fc.fcv3_async_invoke_config': {
                'function_name': self.a,
                'max_async_retry_attempts': 1,
                'max_async_event_age_in_seconds': 300,
            }
        }

        def check(results):
            real = results['create_real']
            expect(real['diff']['before'] == {}, 'check mode created the config', real['diff'])
            config = real['async_invoke_config']
            expect(
                config.get('max_async_retry_attempts') == 1 and config.get('max_async_event_age_in_seconds') == 300,
                'the returned config',
                config,
            )
            stored = self.account.get_config(self.a)
            expect(
                stored.get('maxAsyncRetryAttempts') == 1 and stored.get('maxAsyncEventAgeInSeconds') == 300,
                'the service holds',
                stored,
            )

        return converge('create', task, check)

    @scenario(requests=12)
    def config_update_keeps_what_it_leaves_out(self):
        task = {'alicloud.fc.fcv3_async_invoke_config': {'function_name': self.a, 'async_task': True}}

        def check(results):
            stored = self.account.get_config(self.a)
            expect(stored.get('asyncTask') is True, 'async_task was not set', stored)
            expect(stored.get('maxAsyncRetryAttempts') == 1, 'an option left out lost its value', stored)
            before = results['update_real']['diff']['before']
            expect(before.get('async_task') in (False, None), 'check mode set async_task', before)

        return converge('update', task, check)

    @scenario(requests=26)
    def destinations_set_then_removed(self):
        target = self.arns[self.b]
        set_task = {
            'alicloud.fc.fcv3_async_invoke_config': {
                'function_name': self.a,
                'destination_config': {'on_failure': {'destination': target}},
            }
        }
        clear_task = {'alicloud.fc.fcv3_async_invoke_config': {'function_name': self.a, 'destination_config': {}}}
        set_tasks, set_check = converge('set', set_task)
        clear_tasks, clear_check = converge('clear', clear_task)

        def check(results):
            set_check(results)
            after = results['set_real']['async_invoke_config']
            expect(
                after.get('destination_config') == {'on_failure': {'destination': target}},
                'the destination returned',
                after,
            )
            expect(
                not results['set_real'].get('warnings'),
                'an existing destination function was warned about',
                results['set_real'].get('warnings'),
            )
            clear_check(results)
            stored = self.account.get_config(self.a)
            expect(
                not (stored.get('destinationConfig') or {}).get('onFailure'), 'the destination was not removed', stored
            )

        return set_tasks + clear_tasks, check

    @scenario(requests=24)
    def version_and_alias_configs(self):
        version_tasks, version_check = converge(
            'version',
            {
                'alicloud.fc.fcv3_async_invoke_config': {
                    'function_name': self.a,
                    'qualifier': self.version,
                    'max_async_retry_attempts': 2,
                }
            },
        )
        alias_tasks, alias_check = converge(
            'alias',
            {
                'alicloud.fc.fcv3_async_invoke_config': {
                    'function_name': self.a,
                    'qualifier': ALIAS,
                    'max_async_retry_attempts': 0,
                }
            },
        )

        def check(results):
            version_check(results)
            alias_check(results)
            expect(
                results['version_real']['async_invoke_config'].get('qualifier') == self.version,
                'the version config',
                results['version_real'],
            )
            expect(
                self.account.get_config(self.a, self.version).get('maxAsyncRetryAttempts') == 2,
                'the version config on the service',
            )
            expect(
                self.account.get_config(self.a, ALIAS).get('maxAsyncRetryAttempts') == 0,
                'the alias config on the service',
            )

        return version_tasks + alias_tasks, check

    @scenario(requests=6)
    def info_reads_every_qualifier(self):
        tasks = [
            dict(label='function', task={'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': self.a}}),
            dict(
                label='alias',
                task={'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': self.a, 'qualifier': ALIAS}},
            ),
            dict(label='none', task={'alicloud.fc.fcv3_async_invoke_config_info': {'function_name': self.c}}),
        ]

        def check(results):
            found = sorted(
                (c['function_name'], c['qualifier']) for c in results['function'].get('async_invoke_configs', [])
            )
            expect(
                found == sorted([(self.a, 'LATEST'), (self.a, self.version), (self.a, ALIAS)]),
                'the configs of the function',
                found,
            )
            alias = results['alias'].get('async_invoke_configs', [])
            expect(
                [c['qualifier'] for c in alias] == [ALIAS] and alias[0].get('max_async_retry_attempts') == 0,
                'the alias config',
                alias,
            )
            expect(
                results['none'].get('async_invoke_configs') == [] and not results['none'].get('failed'),
                'a function without configs',
                results['none'],
            )

        return tasks, check

    @scenario(requests=10)
    def absent_removes_once(self):
        tasks, verify = converge(
            'absent',
            {
                'alicloud.fc.fcv3_async_invoke_config': {
                    'function_name': self.a,
                    'qualifier': self.version,
                    'state': 'absent',
                }
            },
        )
        tasks = tasks + [
            dict(
                label='nothing',
                task={'alicloud.fc.fcv3_async_invoke_config': {'function_name': self.c, 'state': 'absent'}},
            ),
            dict(
                label='typo',
                task={
                    'alicloud.fc.fcv3_async_invoke_config': {
                        'function_name': self.c,
                        'qualifier': 'nosuchalias',
                        'state': 'absent',
                    }
                },
            ),
        ]

        def check(results):
            verify(results)
            expect(results['absent_real']['async_invoke_config'] == {}, 'absent returns {}', results['absent_real'])
            try:
                self.account.get_config(self.a, self.version)
                expect(False, 'the version config is still there')
            except Failed:
                raise
            except Exception as exc:  # pylint: disable=broad-except
                expect(is_not_found(exc), 'reading the removed config', str(exc))
            unchanged(results['nothing'], 'absent of a config that does not exist')
            unchanged(results['typo'], 'absent of an alias that does not exist')
            expect(
                any('nosuchalias' in w for w in results['typo'].get('warnings', [])),
                'no warning names the missing alias',
                results['typo'],
            )

        return tasks, check

    @scenario(requests=22)
    def batch_module_plans_then_applies(self):
        task = {
            'alicloud.fc.fcv3_async_invoke_configs': {
                'configs': [{'function_name': self.b}, {'function_name': self.c, 'max_async_retry_attempts': 5}],
                'defaults': {'max_async_retry_attempts': 2, 'max_async_event_age_in_seconds': 120},
            }
        }

        def check(results):
            expect(counts(results['batch_check'])['created'] == 2, 'the plan', counts(results['batch_check']))
            rerun = counts(results['batch_rerun'])
            expect(rerun['unchanged'] == 2 and rerun['failed'] == 0, 'the rerun', rerun)
            expect(self.account.get_config(self.b).get('maxAsyncRetryAttempts') == 2, 'the default was not applied')
            expect(
                self.account.get_config(self.c).get('maxAsyncRetryAttempts') == 5,
                "the item's own setting was not applied",
            )

        return converge('batch', task, check)

    @scenario(requests=20)
    def purge_removes_the_unlisted_qualifiers(self):
        task = {
            'alicloud.fc.fcv3_async_invoke_configs': {
                'configs': [{'function_name': self.a, 'async_task': True}],
                'purge': True,
            }
        }

        def check(results):
            planned = counts(results['purge_check'])
            expect(planned['deleted'] == 1, 'the plan should delete the alias config', planned)
            purged = [
                (r['function_name'], r['qualifier']) for r in results['purge_real']['results'] if r['state'] == 'absent'
            ]
            expect(purged == [(self.a, ALIAS)], 'what purge removed', purged)
            left = sorted(qualifier for qualifier in _qualifiers(self.account.function_configs(self.a), self.a))
            expect(left == ['LATEST'], 'the configs left on the function', left)

        return converge('purge', task, check)

    @scenario(requests=4)
    def functions_selected_by_prefix(self):
        tasks = [
            dict(label='prefix', task={'alicloud.fc.fcv3_function_info': {'prefix': self.prefix}}),
            dict(label='regex', task={'alicloud.fc.fcv3_function_info': {'prefix': self.prefix, 'name_regex': 'c$'}}),
        ]

        def check(results):
            functions = results['prefix'].get('functions', [])
            expect(
                sorted(f['function_name'] for f in functions) == [self.a, self.b, self.c],
                'the functions of the prefix',
                functions,
            )
            first = functions[0]
            expect(
                first.get('tags', {}).get(TAG_RUN) == self.run_id and first.get('runtime') == RUNTIME,
                'the returned function',
                first,
            )
            expect(
                [f['function_name'] for f in results['regex'].get('functions', [])] == [self.c],
                'name_regex',
                results['regex'],
            )

        return tasks, check

    @scenario(requests=4)
    def functions_selected_by_tag(self):
        tasks = [
            dict(
                label='tags',
                task={'alicloud.fc.fcv3_function_info': {'tags': {TAG_RUN: self.run_id, TAG_GROUP: 'pair'}}},
            )
        ]

        def check(results):
            names = sorted(f['function_name'] for f in results['tags'].get('functions', []))
            expect(names == [self.a, self.b], 'the functions of the tags', names)

        return tasks, check

    @scenario(requests=30)
    def role_applies_a_policy_to_a_selection(self):
        role_vars = {
            'async_invoke_policy_select': {'prefix': self.prefix, 'tags': {TAG_RUN: self.run_id, TAG_GROUP: 'single'}},
            'async_invoke_policy_functions': [{'function_name': self.b, 'max_async_retry_attempts': 0}],
            'async_invoke_policy_defaults': {'max_async_event_age_in_seconds': 600},
        }
        role = {'ansible.builtin.import_role': {'name': 'alicloud.fc.async_invoke_policy'}, 'vars': role_vars}
        tasks = [
            dict(label='role_check', task=role, check_mode=True, capture='async_invoke_policy_result'),
            dict(label='role_real', task=role, capture='async_invoke_policy_result'),
            dict(label='role_rerun', task=role, capture='async_invoke_policy_result'),
        ]

        def check(results):
            plan_result, real, rerun = (results['role_' + k] for k in ('check', 'real', 'rerun'))
            changed(plan_result, 'the role in check mode')
            changed(real, 'the role')
            unchanged(rerun, 'the role rerun')
            expect(plan(plan_result) == plan(real), 'check mode planned another change', plan(plan_result), plan(real))
            expect(
                sorted(r['function_name'] for r in real['results']) == [self.b, self.c],
                'the fleet of the role',
                real['results'],
            )
            expect(self.account.get_config(self.c).get('maxAsyncEventAgeInSeconds') == 600, 'the selected function')
            expect(self.account.get_config(self.b).get('maxAsyncRetryAttempts') == 0, 'the listed function')

        return tasks, check

    @scenario(requests=6)
    def arn_of_another_region_is_warned_once(self):
        other = 'ap-southeast-1' if self.connection.region != 'ap-southeast-1' else 'eu-central-1'
        at = {'region': other, 'endpoint': self.endpoint}
        tasks = [
            dict(label='info', task={'alicloud.fc.fcv3_async_invoke_config_info': dict(at, function_name=self.a)}),
            dict(label='functions', task={'alicloud.fc.fcv3_function_info': dict(at, prefix=self.prefix)}),
        ]

        def check(results):
            for label in ('info', 'functions'):
                warned = [w for w in results[label].get('warnings', []) if self.connection.region in w and other in w]
                expect(len(warned) == 1, '%s: one warning naming both regions' % label, results[label].get('warnings'))

        return tasks, check


def _qualifiers(configs, name):
    from fc_account import qualifier_of  # pylint: disable=import-outside-toplevel

    return [qualifier_of(c.get('functionArn', ''), name) for c in configs]


def zip_size():
    return len(base64.b64decode(tiny_zip()))


def cost_statement(connection, client, prefix):
    bound = SETUP_REQUESTS + TEARDOWN_REQUESTS + sum(requests for dummy, requests, dummy in SCENARIOS)
    return (
        'make test-live against %s.\n'
        'It creates 3 functions (%s, %d MB, a %d-byte inline zip, never invoked), 1 version, 1 alias and up to 5 '
        'async invoke configs, all named %s*, tagged %s, and removes them at the end; %d scenarios, at most %d '
        'requests (retries aside). Function Compute bills invocations and instance time, neither of which this '
        'run causes.'
        % (connection.describe(client), RUNTIME, MEMORY_MB, zip_size(), prefix, TAG_RUN, len(SCENARIOS), bound)
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('-k', dest='select', help='run only the scenarios whose name contains this text')
    parser.add_argument('--workdir', help='where the playbooks and their logs go (default: a new temporary directory)')
    args = parser.parse_args(argv)
    require_opt_in('make test-live')
    connection = Connection()
    base = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix='fc-live-'))

    def say(text):
        print(text, flush=True)

    client = connection.sdk_client()
    account = Account(client, run_prefix('fclive'), say)
    # A folder of this run's own: results of an earlier run are never taken for this one's.
    workdir = os.path.join(base, account.prefix.rstrip('-'))
    os.makedirs(workdir)
    scenarios = [s for s in SCENARIOS if not args.select or args.select in s[0]]
    run = Run(account, connection, workdir, say)
    passed, failed, interrupted, left = [], [], None, []
    try:
        with interruptible():
            say(cost_statement(connection, client, account.prefix))
            say('Playbooks and logs: %s' % workdir)
            run.setup()
            planned = [(name, method(run)) for name, dummy, method in scenarios]
            run.start_playbook([run.play(name, tasks) for name, (tasks, dummy) in planned])
            for name, (dummy, check) in planned:
                say('RUN   %s' % name)
                started = time.monotonic()
                try:
                    check(run.results_of(name))
                except Interrupted:
                    raise
                except Exception as exc:  # pylint: disable=broad-except
                    # A check's own error (a result without an expected key) fails the scenario, not the run.
                    failed.append(name)
                    shown = exc if isinstance(exc, Failed) else '%s: %s' % (type(exc).__name__, exc)
                    say('FAIL  %s (%.1f s): %s' % (name, time.monotonic() - started, shown))
                else:
                    passed.append(name)
                    say('PASS  %s (%.1f s)' % (name, time.monotonic() - started))
                finally:
                    run.next_play(name)
            run.wait_playbook()
    except Interrupted as exc:
        interrupted = exc
    except Exception as exc:  # pylint: disable=broad-except
        # Setup failed (credentials, permissions): nothing can run, everything created is removed.
        say('ERROR %s' % str(exc).splitlines()[0][:500])
        failed.append('setup')
    finally:
        with shielded(say):
            run.stop_playbook()
            if run.sentinel is not None:
                run.sentinel.close()
            say('Removing what this run created (prefix %s)...' % account.prefix)
            left = account.cleanup()
    if left:
        say('Could not remove (remove these by hand):\n' + '\n'.join('  ' + item for item in left))
    else:
        say('Removed everything this run created (prefix %s).' % account.prefix)
    note = ''
    if interrupted is not None:
        note = ' (%s: %d not run)' % (interrupted, len(scenarios) - len(passed) - len(failed))
    say('%d passed, %d failed%s' % (len(passed), len(failed), note))
    return 0 if not failed and not left and interrupted is None else 1


if __name__ == '__main__':
    sys.exit(main())
