# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: alicloud.fc.fcv3_async_invoke_configs at the service's limits, against the FC3 emulator.

- rate limit: N creates (default 1,000) against the emulator limited to RATE requests per second (default 20,
  burst RATE): the time from the first to the last request against what the limit allows for the requests the
  service answered (the burst at once, then RATE a second), the share of requests throttled, the failed items.
  Targets: within 1.1x, under 5%, 0 failed.
- latency: N no-ops against the emulator answering every request LATENCY seconds late (default 0.05): the time
  against N x LATENCY / concurrency (what the workers allow). Target: within 1.2x.

Figures are printed, not asserted. Run through ``make bench`` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/fleet_limits.py --functions 1000
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fleet_apply import POLICY, EmulatorProcess, Runner  # noqa: E402  pylint: disable=wrong-import-position

CREATED = {'max_async_retry_attempts': 2, 'max_async_event_age_in_seconds': 7200}


def fleet_task(functions, policy, concurrency):
    return {
        'name': 'Reconcile the fleet',
        'register': 'out',
        'ignore_errors': True,
        'alicloud.fc.fcv3_async_invoke_configs': {
            'defaults': policy,
            'concurrency': concurrency,
            'configs': [{'function_name': name} for name in functions],
        },
    }


def span(records):
    return records[-1]['time'] - records[0]['time'] if records else 0.0


def at_rate_limit(functions, rate, concurrency):
    workdir = tempfile.mkdtemp(prefix='fc3-limits-bench-')
    emulator = EmulatorProcess(
        workdir, functions, with_configs=False, options=['--rate-limit', str(rate), '--burst', str(int(rate))]
    )
    try:
        wall, stats, out = Runner(workdir, emulator).run('creates', [fleet_task(functions, CREATED, concurrency)])
        records = emulator.requests()
    finally:
        emulator.stop()
    answered = [r for r in records if r['status'] != 429]
    allowed = (len(answered) - int(rate)) / float(rate)
    took = answered[-1]['time'] - records[0]['time']
    failed = sum(1 for entry in out['results'] if entry.get('failed'))
    throttled = len(records) - len(answered)
    warning = [w for w in out.get('warnings', []) if w.startswith('The service throttled')]
    print('\n%d creates at %g requests/s (burst %d), concurrency %d' % (len(functions), rate, int(rate), concurrency))
    print(
        'requests sent %d, answered %d, throttled %d (%.1f%%; target under 5%%: %s)'
        % (
            len(records),
            len(answered),
            throttled,
            100.0 * throttled / len(records),
            'yes' if throttled < 0.05 * len(records) else 'NO',
        )
    )
    print(
        'first to last request %.1f s; the limit allows %.1f s for %d answered requests: %.3fx (target within 1.1x: %s)'
        % (took, allowed, len(answered), took / allowed, 'yes' if took <= 1.1 * allowed else 'NO')
    )
    print(
        'module process %.1f s, playbook %.1f s; failed items %d (target 0: %s)'
        % (stats[0][1], wall, failed, 'yes' if failed == 0 else 'NO')
    )
    print('warning: %s' % (warning[0] if warning else '(none)'))


def at_latency(functions, latency, concurrency):
    workdir = tempfile.mkdtemp(prefix='fc3-latency-bench-')
    emulator = EmulatorProcess(workdir, functions, options=['--latency', str(latency)])
    try:
        wall, stats, out = Runner(workdir, emulator).run('noop', [fleet_task(functions, POLICY, concurrency)])
        records = emulator.requests()
    finally:
        emulator.stop()
    if out.get('changed') or any(r['method'] != 'GET' for r in records):
        raise RuntimeError('the no-op changed something')
    ideal = len(functions) * latency / concurrency
    took = span(records) + latency
    print(
        '\n%d no-ops at %g ms latency, concurrency %d: %d requests'
        % (len(functions), latency * 1000, concurrency, len(records))
    )
    print(
        'first request to last answer %.2f s against %d x %g ms / %d = %.2f s: %.3fx (target within 1.2x: %s)'
        % (
            took,
            len(functions),
            latency * 1000,
            concurrency,
            ideal,
            took / ideal,
            'yes' if took <= 1.2 * ideal else 'NO',
        )
    )
    print(
        'module process %.2f s (%.3fx, with its start), playbook %.2f s; serial would be %.1f s'
        % (stats[0][1], stats[0][1] / ideal, wall, len(functions) * latency)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--functions', type=int, default=1000)
    parser.add_argument('--rate', type=float, default=20.0)
    parser.add_argument('--latency', type=float, default=0.05)
    parser.add_argument('--concurrency', type=int, default=8)
    args = parser.parse_args()
    functions = ['fleet-%04d' % number for number in range(args.functions)]
    at_rate_limit(functions, args.rate, args.concurrency)
    at_latency(functions, args.latency, args.concurrency)


if __name__ == '__main__':
    main()
