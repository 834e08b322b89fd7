# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: a fleet of functions reconciled by alicloud.fc.fcv3_async_invoke_configs in one task.

In one run, against the FC3 emulator in a process of its own seeded with N functions (default 1,000):

- floor: N raw SDK reads from the same number of threads the module uses, in this process, no Ansible;
- no-op: the whole fleet already as asked, one task (rounds alternate with the floor);
- check: a change of every item in check mode (must write nothing);
- change: the same change for real (at most one read and one write per item); its results are compared
  with what check mode predicted;
- loop: the single module in a ``loop`` over 30 items, its per-item cost times N for comparison.

Requests and writes are counted from the emulator's log; the module process's peak memory and time come
from a wrapper interpreter that runs the module and reads its rusage. The emulator's own CPU time per
request is measured during the floor, to show that it is not the bottleneck.

Run through ``make bench`` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/fleet_apply.py --functions 1000
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from playbook_run import ACCESS_KEY_ID, ACCESS_KEY_SECRET, run_playbook
import fc3_launcher  # tests/emulator, put on sys.path by playbook_run  pylint: disable=wrong-import-order

REGION = 'cn-hangzhou'
DLQ = 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'
POLICY = {
    'max_async_retry_attempts': 1,
    'max_async_event_age_in_seconds': 3600,
    'destination_config': {'on_failure': {'destination': DLQ}},
}
CHANGED_POLICY = {'max_async_retry_attempts': 2, 'max_async_event_age_in_seconds': 7200, 'async_task': True}
LOOP_ITEMS = 30

# Runs the module under the real interpreter and appends "peak-rss-kB wall-s cpu-s" of that process.
WRAPPER = '''#!{python}
import os, resource, subprocess, sys, time
started = time.monotonic()
code = subprocess.call([{python!r}] + sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.environ['BENCH_MODULE_STATS'], 'a') as handle:
    handle.write('%d %.3f %.3f\\n' % (usage.ru_maxrss, time.monotonic() - started, usage.ru_utime + usage.ru_stime))
sys.exit(code)
'''


class EmulatorProcess:
    """The emulator in a process of its own, seeded with ``seed_data``, or with ``functions`` (and a POLICY config
    each, unless ``with_configs`` is false); ``options`` are more command-line options (limits, latency)."""

    def __init__(self, workdir, functions, with_configs=True, options=(), seed_data=None):
        seed = os.path.join(workdir, 'seed.json')
        configs = [{'function_name': name, 'config': api_config(POLICY)} for name in functions] if with_configs else []
        with open(seed, 'w') as handle:
            json.dump(
                seed_data or {'functions': [{'name': name} for name in functions], 'async_configs': configs}, handle
            )
        # The project's one launcher; the emulator ends with the benchmark at the latest.
        self._launched = fc3_launcher.start(
            ['--region', REGION, '--access-key', '%s:%s' % (ACCESS_KEY_ID, ACCESS_KEY_SECRET), '--seed', seed]
            + list(options),
            exit_with=os.getpid(),
            timeout=60,
        )
        self.process = self._launched.process
        self.port = self._launched.port
        self.url = self._launched.url

    def admin(self, method, path):
        request = urllib.request.Request(self.url + '/_emulator/' + path, method=method)
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def requests(self):
        return self.admin('GET', 'requests')['requests']

    def clear(self):
        self.admin('DELETE', 'requests')

    def cpu_seconds(self):
        with open('/proc/%d/stat' % self.process.pid) as handle:
            fields = handle.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf('SC_CLK_TCK'))

    def stop(self):
        self._launched.stop()


def api_config(config):
    body = {}
    for key, value in config.items():
        first, rest = key.split('_', 1)
        body[first + ''.join(part.capitalize() for part in rest.split('_'))] = value
    if 'destinationConfig' in body:
        body['destinationConfig'] = {
            'onFailure': {'destination': body['destinationConfig']['on_failure']['destination']}
        }
    return body


def floor(emulator, functions, threads):
    """N signed reads with the bare SDK from ``threads`` threads, one client each: seconds (the SDK import,
    which the module pays too, is left out to keep the floor strict)."""
    from alibabacloud_fc20230330 import models  # pylint: disable=import-outside-toplevel
    from alibabacloud_fc20230330.client import Client  # pylint: disable=import-outside-toplevel
    from alibabacloud_tea_openapi.models import Config  # pylint: disable=import-outside-toplevel

    local = threading.local()

    def read(name):
        if not hasattr(local, 'client'):
            local.client = Client(
                Config(
                    region_id=REGION,
                    endpoint='127.0.0.1:%d' % emulator.port,
                    protocol='http',
                    access_key_id=ACCESS_KEY_ID,
                    access_key_secret=ACCESS_KEY_SECRET,
                )
            )
        return local.client.get_async_invoke_config(name, models.GetAsyncInvokeConfigRequest(qualifier='LATEST'))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(read, functions))
    return time.monotonic() - started


class Runner:
    def __init__(self, workdir, emulator):
        self.workdir = workdir
        self.emulator = emulator
        self.stats_file = os.path.join(workdir, 'module-stats')
        self.wrapper = os.path.join(workdir, 'python-with-stats')
        with open(self.wrapper, 'w') as handle:
            handle.write(WRAPPER.format(python=sys.executable))
        os.chmod(self.wrapper, 0o755)

    def playbook(self, tasks):
        return [
            {
                'name': 'Bench',
                'hosts': 'localhost',
                'connection': 'local',
                'gather_facts': False,
                'module_defaults': {'group/alicloud.fc.fcv3': {'region': REGION, 'endpoint': self.emulator.url}},
                'tasks': tasks,
            }
        ]

    def run(self, name, tasks, check=False):
        """Run a playbook; returns (wall seconds, module process stats [(rss_kb, wall, cpu)], result of 'out')."""
        path = os.path.join(self.workdir, name + '.yml')
        result_path = os.path.join(self.workdir, name + '.json')
        tasks = tasks + [
            {
                'name': 'Keep the result',
                'check_mode': False,
                'ansible.builtin.copy': {'content': '{{ out | to_json }}', 'dest': result_path, 'mode': '0600'},
            }
        ]
        if os.path.exists(self.stats_file):
            os.unlink(self.stats_file)
        wall = run_playbook(
            self.playbook(tasks),
            path,
            self.workdir,
            env={'ANSIBLE_PYTHON_INTERPRETER': self.wrapper, 'BENCH_MODULE_STATS': self.stats_file},
            extra_args=['--check'] if check else [],
        )
        with open(self.stats_file) as handle:
            stats = [tuple(float(value) for value in line.split()) for line in handle if line.strip()]
        with open(result_path) as handle:
            return wall, stats, json.load(handle)

    def fleet(self, name, functions, policy, check=False, concurrency=8):
        task = {
            'name': 'Reconcile the fleet',
            'register': 'out',
            'alicloud.fc.fcv3_async_invoke_configs': {
                'defaults': policy,
                'concurrency': concurrency,
                'configs': [{'function_name': f} for f in functions],
            },
        }
        return self.run(name, [task], check=check)

    def loop(self, name, functions, policy):
        task = {
            'name': 'One function at a time',
            'register': 'out',
            'loop': functions,
            'alicloud.fc.fcv3_async_invoke_config': dict(policy, function_name='{{ item }}'),
        }
        return self.run(name, [task])


def count(records):
    return len(records), sum(1 for r in records if r['method'] in ('PUT', 'DELETE', 'POST'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--functions', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=3, help='alternating floor / no-op rounds (medians are shown)')
    parser.add_argument('--concurrency', type=int, default=8)
    args = parser.parse_args()
    functions = ['fleet-%04d' % number for number in range(args.functions)]
    loop_items = functions[: min(LOOP_ITEMS, len(functions))]

    workdir = tempfile.mkdtemp(prefix='fc3-fleet-bench-')
    emulator = EmulatorProcess(workdir, functions)
    runner = Runner(workdir, emulator)
    rows = []
    try:
        floors, noops, noop_stats, emulator_cpu = [], [], [], []
        for dummy in range(args.rounds):
            emulator.clear()
            cpu_before = emulator.cpu_seconds()
            floors.append(floor(emulator, functions, args.concurrency))
            emulator_cpu.append((emulator.cpu_seconds() - cpu_before) / len(functions))
            emulator.clear()
            wall, stats, out = runner.fleet('noop', functions, POLICY, concurrency=args.concurrency)
            requests, writes = count(emulator.requests())
            if out['changed'] or writes:
                raise RuntimeError('the no-op changed something: %d writes' % writes)
            noops.append(wall)
            noop_stats.append(stats[0])
        floor_s = statistics.median(floors)
        rows.append(
            (
                'floor: %d raw SDK reads, %d threads, no Ansible' % (len(functions), args.concurrency),
                floor_s,
                None,
                None,
                len(functions),
                0,
            )
        )
        rss_kb, module_wall, module_cpu = sorted(noop_stats)[len(noop_stats) // 2]
        rows.append(
            (
                'fcv3_async_invoke_configs no-op (playbook)',
                statistics.median(noops),
                module_wall,
                rss_kb,
                requests,
                writes,
            )
        )

        emulator.clear()
        check_wall, check_stats, predicted = runner.fleet(
            'check', functions, CHANGED_POLICY, check=True, concurrency=args.concurrency
        )
        requests, writes = count(emulator.requests())
        if writes:
            raise RuntimeError('check mode wrote %d times' % writes)
        rows.append(
            (
                'fcv3_async_invoke_configs check mode, every item changes',
                check_wall,
                check_stats[0][1],
                check_stats[0][0],
                requests,
                writes,
            )
        )

        emulator.clear()
        change_wall, change_stats, changed = runner.fleet(
            'change', functions, CHANGED_POLICY, concurrency=args.concurrency
        )
        records = emulator.requests()
        requests, writes = count(records)
        per_function = {}
        for record in records:
            per_function.setdefault(record['function_name'], []).append(record['method'])
        if any(sorted(methods) != ['GET', 'PUT'] for methods in per_function.values()) or len(per_function) != len(
            functions
        ):
            raise RuntimeError('a changed item cost more than one read and one write')
        rows.append(
            (
                'fcv3_async_invoke_configs change of every item',
                change_wall,
                change_stats[0][1],
                change_stats[0][0],
                requests,
                writes,
            )
        )
        mismatches = [
            (guess['function_name'], key)
            for guess, real in zip(predicted['results'], changed['results'])
            for key, value in guess['async_invoke_config'].items()
            if real['async_invoke_config'].get(key) != value
        ]
        if mismatches or [g['changed'] for g in predicted['results']] != [r['changed'] for r in changed['results']]:
            raise RuntimeError('check mode predicted something else than the real run returned: %s' % mismatches[:5])

        emulator.clear()
        loop_wall, loop_stats, dummy = runner.loop('loop', loop_items, CHANGED_POLICY)
        requests, writes = count(emulator.requests())
        per_item = loop_wall / len(loop_items)
        rows.append(
            (
                'fcv3_async_invoke_config in a loop, %d items, x %d' % (len(loop_items), len(functions)),
                per_item * len(functions),
                None,
                max(stat[0] for stat in loop_stats),
                requests * len(functions) // len(loop_items),
                writes,
            )
        )
    finally:
        emulator.stop()

    print(
        '\n%d functions, concurrency %d, %d round(s) (medians); times in seconds'
        % (len(functions), args.concurrency, args.rounds)
    )
    print('| run | wall | module process | peak RSS MB | requests | writes |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, wall, module_s, rss, requests, writes in rows:
        print(
            '| %s | %.2f | %s | %s | %d | %d |'
            % (
                name,
                wall,
                '%.2f' % module_s if module_s else '-',
                '%.0f' % (rss / 1024.0) if rss else '-',
                requests,
                writes,
            )
        )
    noop = statistics.median(noops)
    print(
        '\nno-op: the task (module process) took %.2f s, %.1fx the in-process floor (target: at most 5x); the '
        'whole ansible-playbook run %.2f s, %.1fx (target: under 10 s: %s)'
        % (module_wall, module_wall / floor_s, noop, noop / floor_s, 'yes' if noop < 10 else 'NO')
    )
    print('looped single module vs one fleet task: %.1fx' % (per_item * len(functions) / noop))
    print('module peak memory for %d items: %.0f MB (target: under 200 MB)' % (len(functions), rss_kb / 1024.0))
    print(
        'emulator CPU per request: %.2f ms; check mode predicted every real result: yes'
        % (statistics.median(emulator_cpu) * 1000)
    )


if __name__ == '__main__':
    main()
