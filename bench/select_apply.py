# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the role selecting its fleet (async_invoke_policy_select) against the batch module given the names.

Against the FC3 emulator in a process of its own, seeded with N functions (default 2,000) of which M
(default 300) are named ``orders-*`` and tagged ``team: payments``, each of those already configured as
the policy asks, so every run is a no-op:

- names: fcv3_async_invoke_configs given the M names (what the role costs without a selection);
- role, name_regex: the role with ``async_invoke_policy_select: {name_regex: ^orders-[0-9]}``, which the
  service cannot filter, so every function of the region is listed (N / 100 pages) and matched here;
- role, prefix + tag: the role with ``{prefix: orders-, tags: {team: payments}}``, filtered by the service.

Each run's requests (list pages, reads, writes) are counted from the emulator's log; a write, or a
function other than the M sent a request, fails the benchmark.

Run through ``make bench`` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/select_apply.py
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fleet_apply import POLICY, EmulatorProcess, Runner, api_config  # noqa: E402  pylint: disable=wrong-import-position


def seed_data(total, matching):
    """``matching`` orders-* functions tagged team: payments, configured as POLICY, among ``total``: the others
    are orders-* of another team, or other names of the same team, so that neither filter alone selects."""
    functions, configs = [], []
    for number in range(total):
        if number < matching:
            name, team = 'orders-%04d' % number, 'payments'
            configs.append({'function_name': name, 'config': api_config(POLICY)})
        elif number % 2:
            name, team = 'orders-other-%04d' % number, 'search'
        else:
            name, team = 'billing-%04d' % number, 'payments'
        functions.append({'name': name, 'tags': {'team': team}})
    return {'functions': functions, 'async_configs': configs}


def role_tasks(select):
    return [
        {
            'name': 'Apply the role',
            'ansible.builtin.include_role': {'name': 'alicloud.fc.async_invoke_policy'},
            'vars': {'async_invoke_policy_select': select, 'async_invoke_policy_defaults': POLICY},
        },
        {'name': 'Its result', 'ansible.builtin.set_fact': {'out': '{{ async_invoke_policy_result }}'}},
    ]


def measure(emulator, run, names):
    """(wall seconds, list pages, other requests, writes) of one no-op run, checked."""
    emulator.clear()
    wall, dummy, out = run()
    records = emulator.requests()
    pages = sum(1 for r in records if r['action'] == 'ListFunctions')
    writes = sum(1 for r in records if r['method'] in ('PUT', 'DELETE', 'POST'))
    touched = set(r['function_name'] for r in records if r['function_name'])
    if out['changed'] or writes or not touched <= set(names):
        raise RuntimeError(
            'the no-op changed something or touched another function: %d writes, %d functions'
            % (writes, len(touched - set(names)))
        )
    if out.get('matched', len(names)) != len(names):
        raise RuntimeError('the selection matched %s functions, not %d' % (out.get('matched'), len(names)))
    return wall, pages, len(records) - pages, writes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--functions', type=int, default=2000)
    parser.add_argument('--matching', type=int, default=300)
    parser.add_argument('--rounds', type=int, default=3, help='rounds of the three runs (medians are shown)')
    args = parser.parse_args()
    names = ['orders-%04d' % number for number in range(args.matching)]

    workdir = tempfile.mkdtemp(prefix='fc3-select-bench-')
    emulator = EmulatorProcess(workdir, names, seed_data=seed_data(args.functions, args.matching))
    runner = Runner(workdir, emulator)
    runs = [
        ('fcv3_async_invoke_configs given the %d names' % args.matching, lambda: runner.fleet('names', names, POLICY)),
        (
            'role, async_invoke_policy_select {name_regex: ^orders-[0-9]} (listed whole, matched here)',
            lambda: runner.run('regex', role_tasks({'name_regex': '^orders-[0-9]'})),
        ),
        (
            'role, async_invoke_policy_select {prefix: orders-, tags: {team: payments}} (filtered by the service)',
            lambda: runner.run('prefix_tag', role_tasks({'prefix': 'orders-', 'tags': {'team': 'payments'}})),
        ),
    ]
    measured = dict((label, []) for label, dummy in runs)
    try:
        for dummy in range(args.rounds):
            for label, run in runs:
                measured[label].append(measure(emulator, run, names))
    finally:
        emulator.stop()

    print(
        '\n%d functions, %d matching, every run a no-op, %d round(s) (median wall); times in seconds'
        % (args.functions, args.matching, args.rounds)
    )
    print('| run | wall | list pages | other requests | writes |')
    print('|---|---:|---:|---:|---:|')
    for label, dummy in runs:
        samples = measured[label]
        wall = statistics.median(sample[0] for sample in samples)
        dummy, pages, others, writes = samples[-1]
        print('| %s | %.2f | %d | %d | %d |' % (label, wall, pages, others, writes))


if __name__ == '__main__':
    main()
