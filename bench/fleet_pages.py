# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the fleet read by the page (ListAsyncInvokeConfigs, 100 configs a page) against one read per item.

Four figures (issue 22), each measured twice in the same run: as the batch module reads now (pages when a task
has 100 reads or more) and with paging off (``page_limit=0``: one read per item, as before). Each runs the
module's own code (``_fleet.reconcile_fleet`` with the module's client: one shared, paced client) in this
process against the FC3 emulator in a process of its own; the time is the task's (from the first request to
the result), the requests are counted from the emulator's log.

- no-op: 1,000 functions already as asked (target: at most 15 requests);
- latency: the same at 50 ms per answer (target: under 1.5 s);
- small task: 5 items in a region of 3,000 configs (target: at most 12 requests);
- rate limit: 1,000 no-ops at 10 requests/s, burst 10 (target: under 5 s; per-item reads need about 100 s,
  left out with ``--quick``, which prints what the limit allows for them instead).

Figures are printed, not asserted. Run through ``make bench`` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/fleet_pages.py
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(
    0, os.environ.get('ANSIBLE_COLLECTIONS_PATH', os.path.join(HERE, '..', 'build', 'collections')).split(':')[0]
)

from fleet_apply import POLICY, REGION, EmulatorProcess  # noqa: E402  pylint: disable=wrong-import-position
from playbook_run import ACCESS_KEY_ID, ACCESS_KEY_SECRET  # noqa: E402  pylint: disable=wrong-import-position

# The collection as installed (make bench installs it), the module's own code.
from ansible_collections.alicloud.fc.plugins.module_utils._client import FC3Client  # noqa: E402
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings  # noqa: E402
from ansible_collections.alicloud.fc.plugins.module_utils._fleet import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    RetryCounter,
    reconcile_fleet,
)
from ansible_collections.alicloud.fc.plugins.module_utils._rate_limiter import AdaptiveRateLimiter  # noqa: E402
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy  # noqa: E402

WAYS = (('pages', None), ('per item', 0))


def task(emulator, names, page_limit):
    """The batch module's work for ``names`` (every item already as POLICY): (seconds, requests, summary)."""
    settings = ConnectionSettings(
        REGION,
        endpoint='http://127.0.0.1:%d' % emulator.port,
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        retry_policy=RetryPolicy(timeout=120),
    )
    client = FC3Client(
        settings,
        on_retry=RetryCounter(),
        pool_size=DEFAULT_CONCURRENCY,
        environ={},
        rate_limiter=AdaptiveRateLimiter(settings.retry_policy.timeout),
    )
    emulator.clear()
    started = time.monotonic()
    fleet = reconcile_fleet(client, [dict(POLICY, function_name=name) for name in names], page_limit=page_limit)
    elapsed = time.monotonic() - started
    records = emulator.requests()
    if fleet.changed or fleet.failures or any(r['method'] != 'GET' for r in records):
        raise SystemExit('the no-op changed, failed or wrote: %s' % fleet.summary_line())
    return elapsed, len(records), fleet.summary_line()


def figure(label, emulator, names, target, ways=WAYS):
    measured = {}
    for way, page_limit in ways:
        measured[way] = task(emulator, names, page_limit)
        seconds, requests, line = measured[way]
        print('  %-9s %6.2f s %6d requests   (%s)' % (way, seconds, requests, line), flush=True)
    print('%s: %s' % (label, target(measured['pages'])), flush=True)
    return measured


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--functions', type=int, default=1000, help='functions of the fleet (default 1000)')
    parser.add_argument('--region-configs', type=int, default=3000, help='configs of the small task\'s region')
    parser.add_argument('--quick', action='store_true', help='skip the 100 s of per-item reads at 10 requests/s')
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='fc3-pages-bench-')
    names = ['bench-%04d' % number for number in range(args.functions)]

    print('%d-function no-op (target: at most 15 requests)' % args.functions, flush=True)
    emulator = EmulatorProcess(workdir, names)
    try:
        figure('no-op', emulator, names, lambda m: '%d requests (%s)' % (m[1], 'met' if m[1] <= 15 else 'NOT met'))
    finally:
        emulator.stop()

    print('%d-function no-op at 50 ms latency (target: under 1.5 s)' % args.functions, flush=True)
    emulator = EmulatorProcess(workdir, names, options=['--latency', '0.05'])
    try:
        figure('latency', emulator, names, lambda m: '%.2f s (%s)' % (m[0], 'met' if m[0] < 1.5 else 'NOT met'))
    finally:
        emulator.stop()

    print('5-item task in a region of %d configs (target: at most 12 requests)' % args.region_configs, flush=True)
    region = ['region-%05d' % number for number in range(args.region_configs)]
    emulator = EmulatorProcess(workdir, region)
    try:
        figure(
            'small task',
            emulator,
            region[:: max(1, len(region) // 5)][:5],
            lambda m: '%d requests (%s)' % (m[1], 'met' if m[1] <= 12 else 'NOT met'),
        )
    finally:
        emulator.stop()

    print('%d no-ops at 10 requests/s, burst 10 (target: under 5 s)' % args.functions, flush=True)
    emulator = EmulatorProcess(workdir, names, options=['--rate-limit', '10', '--burst', '10'])
    try:
        ways = WAYS[:1] if args.quick else WAYS
        measured = figure(
            'rate limit', emulator, names, lambda m: '%.2f s (%s)' % (m[0], 'met' if m[0] < 5 else 'NOT met'), ways
        )
        if args.quick:
            print(
                '  per item: left out (--quick); the limit allows %d reads in %.0f s' % (len(names), len(names) / 10.0)
            )
    finally:
        emulator.stop()
    return measured


if __name__ == '__main__':
    main()
