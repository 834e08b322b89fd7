# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the modules shipped as a process per item or task, and run in Ansible's worker.

Prints the cost of one more item of a 50-item no-op ``loop:`` of alicloud.fc.fcv3_async_invoke_config
and of one more of 20 separate no-op tasks, shipped (``alicloud_fc_in_process: false``) and in the
worker, measured in the same run: (time of the long playbook - time of the one-item or one-task
playbook) / (count - 1), so that ansible-playbook's start and the first SDK import are left out.
Runs alternate between the two ways so that machine noise hits both alike; medians are printed.
Targets: at most 0.05 s per looped item (issue 15) and at most 0.08 s per separate task in the worker (issue 22).

Run through `make bench` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/in_process.py --rounds 3
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import statistics
import tempfile

from playbook_run import ACCESS_KEY_ID, ACCESS_KEY_SECRET, run_playbook
from fc3_emulator import Emulator  # tests/emulator, put on sys.path by playbook_run  pylint: disable=wrong-import-order

WAYS = {'shipped': False, 'in-process': True}
TARGETS = {'loop': 0.05, 'tasks': 0.08}


def playbook(shape, count, emulator):
    task = {
        'alicloud.fc.fcv3_async_invoke_config': {
            'function_name': 'bench-{{ item | default(0) }}',
            'max_async_retry_attempts': 1,
        }
    }
    if shape == 'loop':
        tasks = [dict(task, loop=list(range(count)), register='applied')]
    else:
        tasks = [dict(task, name='Task %d' % index, register='applied') for index in range(count)]
    tasks.append({'ansible.builtin.assert': {'that': ['applied is not changed'], 'quiet': True}})
    return [
        {
            'name': 'Bench',
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'module_defaults': {'group/alicloud.fc.fcv3': {'region': emulator.region, 'endpoint': emulator.url}},
            'tasks': tasks,
        }
    ]


def run(shape, count, in_process, emulator, workdir):
    emulator.clear_requests()
    elapsed = run_playbook(
        playbook(shape, count, emulator),
        os.path.join(workdir, 'bench.yml'),
        workdir,
        extra_args=['-e', json.dumps({'alicloud_fc_in_process': in_process})],
    )
    if [request for request in emulator.requests if request['method'] != 'GET'] or len(emulator.requests) != count:
        raise SystemExit('%s %s run did not make exactly one read per item' % (shape, count))
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--items', type=int, default=50, help='items of the loop (default 50)')
    parser.add_argument('--tasks', type=int, default=20, help='separate tasks (default 20)')
    parser.add_argument('--rounds', type=int, default=3, help='alternating shipped/in-process runs (default 3)')
    args = parser.parse_args(argv)
    counts = {'loop': args.items, 'tasks': args.tasks}

    per_unit = dict(((shape, way), []) for shape in counts for way in WAYS)
    with Emulator(credentials={ACCESS_KEY_ID: ACCESS_KEY_SECRET}) as emulator, tempfile.TemporaryDirectory() as workdir:
        names = ['bench-%d' % index for index in range(max(counts.values()))]
        emulator.seed(
            {
                'functions': [{'name': name} for name in names],
                'async_configs': [{'function_name': name, 'config': {'maxAsyncRetryAttempts': 1}} for name in names],
            }
        )
        for round_number in range(args.rounds):
            ways = list(WAYS) if round_number % 2 == 0 else list(reversed(list(WAYS)))
            for shape, count in counts.items():
                for way in ways:
                    one = run(shape, 1, WAYS[way], emulator, workdir)
                    many = run(shape, count, WAYS[way], emulator, workdir)
                    per_unit[(shape, way)].append((many - one) / (count - 1))
                    print(
                        'round %d %-6s %-10s one %.2f s, %d: %.2f s -> %.3f s each'
                        % (round_number + 1, shape, way, one, count, many, per_unit[(shape, way)][-1]),
                        flush=True,
                    )

    print(
        'rounds %d, medians; per item of a %d-item loop, per task of %d separate tasks'
        % (args.rounds, args.items, args.tasks)
    )
    for shape, label in (('loop', 'looped item'), ('tasks', 'separate task')):
        shipped = statistics.median(per_unit[(shape, 'shipped')])
        in_process = statistics.median(per_unit[(shape, 'in-process')])
        print(
            '%-14s shipped %.3f s   in-process %.3f s   (%.0fx; target <= %.2f s: %s)'
            % (
                label,
                shipped,
                in_process,
                shipped / in_process if in_process > 0 else float('inf'),
                TARGETS[shape],
                'met' if in_process <= TARGETS[shape] else 'NOT met',
            )
        )


if __name__ == '__main__':
    main()
