# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: apply a no-op async invoke config to N functions in a loop.

Prints seconds per item for alicloud.fc.fcv3_async_invoke_config beside a floor measured in the
same run (bench/library/fc3_floor_read.py: import the SDK, make one read), their ratio, and the
requests per item from the emulator's log. Runs alternate floor / module so that machine noise
hits both alike. Target: ratio at most 1.15 and exactly one request per unchanged item.

Run through `make bench` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/noop_apply.py --items 50 --rounds 3
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import statistics
import tempfile

from playbook_run import ACCESS_KEY_ID, ACCESS_KEY_SECRET, HERE, run_playbook
from fc3_emulator import Emulator  # tests/emulator, put on sys.path by playbook_run  pylint: disable=wrong-import-order

CONFIG = {
    'max_async_retry_attempts': 1,
    'max_async_event_age_in_seconds': 3600,
    'async_task': False,
    'destination_config': {'on_failure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'}},
}
API_CONFIG = {
    'maxAsyncRetryAttempts': 1,
    'maxAsyncEventAgeInSeconds': 3600,
    'asyncTask': False,
    'destinationConfig': {'onFailure': {'destination': 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq/messages'}},
}


def playbook(kind, functions, emulator):
    if kind == 'module':
        task = {'alicloud.fc.fcv3_async_invoke_config': dict(CONFIG, function_name='{{ item }}')}
    else:
        task = {
            'fc3_floor_read': {
                'function_name': '{{ item }}',
                'endpoint': emulator.endpoint,
                'access_key_id': ACCESS_KEY_ID,
                'access_key_secret': ACCESS_KEY_SECRET,
            }
        }
    task.update({'name': 'Apply to every function', 'loop': functions, 'register': 'applied'})
    check = {'name': 'Nothing changed', 'ansible.builtin.assert': {'that': ['applied is not changed'], 'quiet': True}}
    return [
        {
            'name': 'Bench %s' % kind,
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'module_defaults': {'group/alicloud.fc.fcv3': {'region': emulator.region, 'endpoint': emulator.url}},
            'tasks': [task, check],
        }
    ]


def run(kind, functions, emulator, workdir):
    emulator.clear_requests()
    elapsed = run_playbook(
        playbook(kind, functions, emulator),
        os.path.join(workdir, '%s.yml' % kind),
        workdir,
        env={'ANSIBLE_LIBRARY': os.path.join(HERE, 'library')},
    )
    return elapsed, len(emulator.requests), [request for request in emulator.requests if request['method'] != 'GET']


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--items', type=int, default=50, help='functions to apply the config to (default 50)')
    parser.add_argument('--rounds', type=int, default=3, help='alternating floor/module runs (default 3)')
    args = parser.parse_args(argv)

    functions = ['bench-%03d' % index for index in range(args.items)]
    with Emulator(credentials={ACCESS_KEY_ID: ACCESS_KEY_SECRET}) as emulator, tempfile.TemporaryDirectory() as workdir:
        emulator.seed(
            {
                'functions': [{'name': name} for name in functions],
                'async_configs': [
                    {'function_name': name, 'qualifier': 'LATEST', 'config': API_CONFIG} for name in functions
                ],
            }
        )
        timings = {'floor': [], 'module': []}
        requests = {'floor': [], 'module': []}
        for round_number in range(args.rounds):
            for kind in ('floor', 'module') if round_number % 2 == 0 else ('module', 'floor'):
                elapsed, count, writes = run(kind, functions, emulator, workdir)
                if writes:
                    raise SystemExit('%s run wrote: %s' % (kind, writes))
                timings[kind].append(elapsed / args.items)
                requests[kind].append(count / float(args.items))

    floor = statistics.median(timings['floor'])
    module = statistics.median(timings['module'])
    ratio = module / floor
    module_requests = max(requests['module'])
    print('items per run         %d, rounds %d (median of each shown)' % (args.items, args.rounds))
    print('floor  s/item         %.4f   (runs: %s)' % (floor, ', '.join('%.4f' % value for value in timings['floor'])))
    print(
        'module s/item         %.4f   (runs: %s)' % (module, ', '.join('%.4f' % value for value in timings['module']))
    )
    print('ratio module/floor    %.3f   (target <= 1.15: %s)' % (ratio, 'met' if ratio <= 1.15 else 'NOT met'))
    print(
        'requests per item     %.2f   (target exactly 1: %s)'
        % (module_requests, 'met' if module_requests == 1 else 'NOT met')
    )
    print('floor requests/item   %.2f' % max(requests['floor']))


if __name__ == '__main__':
    main()
