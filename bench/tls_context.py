# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: what a task run in Ansible's worker pays to open its SDK session, with and without the TLS
context that ``_client.share_tls_context`` builds once per process.

The main process imports the collection's client code (as the action plugins' ``preload`` does before Ansible
forks a worker per task), then forks workers that each build a client and make one read against the emulator,
alternately with the shared context and with the SDK's own ``get_adapter`` (a new default context, with the
system's and certifi's CA certificates, per session). Medians of CPU and wall seconds per worker are printed.

Run through ``make bench`` (it builds and installs the collection first), or:
    ANSIBLE_COLLECTIONS_PATH=build/collections .venv/newest/bin/python bench/tls_context.py
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'emulator'))
sys.path.insert(
    0, os.environ.get('ANSIBLE_COLLECTIONS_PATH', os.path.join(HERE, '..', 'build', 'collections')).split(':')[0]
)

from darabonba import core  # noqa: E402  pylint: disable=wrong-import-position

SDK_GET_ADAPTER = core.DaraCore.__dict__['get_adapter']

# Imported here, in the main process, as the action plugins' preload does: the shared context is built now.
from ansible_collections.alicloud.fc.plugins.module_utils import _client  # noqa: E402
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import get_async_invoke_config  # noqa: E402
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings  # noqa: E402
from fc3_emulator import Emulator  # noqa: E402  pylint: disable=wrong-import-position


def worker(emulator, shared):
    """(cpu, wall) seconds of a new client and its first read, in this (forked) process."""
    if not shared:
        core.DaraCore.get_adapter = SDK_GET_ADAPTER
    cpu, wall = time.process_time(), time.perf_counter()
    settings = ConnectionSettings(
        emulator.region, endpoint=emulator.url, access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE'
    )
    get_async_invoke_config(_client.FC3Client(settings, environ={}), 'f', 'LATEST')
    return time.process_time() - cpu, time.perf_counter() - wall


def forked(emulator, shared):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.write(write_end, json.dumps(worker(emulator, shared)).encode())
        os._exit(0)
    os.close(write_end)
    data = os.read(read_end, 1000)
    os.close(read_end)
    os.waitpid(pid, 0)
    return json.loads(data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--workers', type=int, default=10, help='forked workers each way (default 10)')
    args = parser.parse_args(argv)
    measured = {True: [], False: []}
    with Emulator(credentials={'AKIDEXAMPLE': 'SECRETEXAMPLE'}) as emulator:
        emulator.seed({'functions': [{'name': 'f'}], 'async_configs': [{'function_name': 'f', 'config': {}}]})
        for dummy in range(args.workers):
            for shared in (True, False):
                measured[shared].append(forked(emulator, shared))
    print('a new SDK session and its first read in a forked worker, medians of %d:' % args.workers)
    for shared, label in ((False, 'a context per session (the SDK)'), (True, 'one shared context')):
        print(
            '  %-32s cpu %.4f s   wall %.4f s'
            % (
                label,
                statistics.median(m[0] for m in measured[shared]),
                statistics.median(m[1] for m in measured[shared]),
            )
        )


if __name__ == '__main__':
    main()
