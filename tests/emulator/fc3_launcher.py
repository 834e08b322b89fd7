# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way to run the FC3 emulator (fc3_emulator.py) as a process of its own.

Everything that needs the emulator outside the test process (the ansible-test target
setup_emulator, the molecule scenario, scripts/lib.sh, the docs tests, the benchmarks) starts it
here: on 127.0.0.1, port 0, in a session of its own, waiting until it listens; the URL comes back
through the emulator's port file, never a guessed port. A test that can use the emulator
in-process (``Emulator(...).start()``) does not need this.

Python::

    launched = start(['--seed', 'seed.json'], state_file='emulator.json', exit_with=os.getpid())
    launched.url, launched.port, launched.pid
    launched.stop()            # or stop(state_file='emulator.json'), from another process

Command line (prints the URL; the state file holds ``{"pid": ..., "port": ..., "url": ...}``)::

    python fc3_launcher.py start --state-file emulator.json [--exit-with PID] [--log FILE] [-- EMULATOR OPTIONS]
    python fc3_launcher.py stop --state-file emulator.json

``--exit-with PID`` makes the emulator end with process PID (e.g. the ansible-playbook that
started it), so that a failed or interrupted run leaves no emulator behind. ``stop`` of an
emulator that has already ended is not an error.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from fc3_emulator import process_alive

EMULATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fc3_emulator.py')
START_TIMEOUT = 30
STOP_TIMEOUT = 10


class EmulatorNotStarted(RuntimeError):
    """The emulator ended, or did not listen in time; the message holds what it said."""


def _write_json(path, data):
    fd, tmp = tempfile.mkstemp(prefix='.fc3-launcher-', dir=os.path.dirname(os.path.abspath(path)))
    with os.fdopen(fd, 'w', encoding='utf-8') as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


class Launched:
    """An emulator process started by ``start``."""

    def __init__(self, pid, port, process=None, state_file=None):
        self.pid = pid
        self.port = port
        self.url = 'http://127.0.0.1:%d' % port
        self.process = process
        self.state_file = state_file

    def stop(self):
        stop(pid=self.pid, state_file=self.state_file, process=self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start(options=(), state_file=None, exit_with=None, log=None, timeout=START_TIMEOUT):
    """Start the emulator with the command-line ``options`` of fc3_emulator.py (not --host, --port,
    --port-file) and return a ``Launched`` once it listens. Its output goes to ``log`` (a path) or
    nowhere; raises EmulatorNotStarted with what it said when it ends first (a bad option, a bad seed)."""
    workdir = tempfile.mkdtemp(prefix='fc3-launcher-')
    port_file = os.path.join(workdir, 'port')
    errors = os.path.join(workdir, 'stderr')
    command = [sys.executable, EMULATOR, '--host', '127.0.0.1', '--port', '0', '--port-file', port_file]
    if exit_with:
        command += ['--exit-with', str(exit_with)]
    command += list(options)
    # Its own session: a terminal's or a task's end (SIGHUP, the process group) does not take it
    # down before stop(); stdout and stderr go to files so that no caller waits on a pipe.
    with open(log or os.devnull, 'ab') as out, open(errors, 'wb') as err:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,  # pylint: disable=consider-using-with
            stderr=err if log is None else out,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while not (os.path.exists(port_file) and os.path.getsize(port_file)):
            if process.poll() is not None or time.monotonic() > deadline:
                said = ''
                for path in (errors, log):
                    if path and os.path.exists(path):
                        with open(path, encoding='utf-8', errors='replace') as handle:
                            said += handle.read()
                stop(process=process, pid=process.pid)
                raise EmulatorNotStarted(
                    'the FC3 emulator did not start%s: %s'
                    % (
                        '' if process.returncode is not None else ' within %d s' % timeout,
                        said.strip() or '(no output)',
                    )
                )
            time.sleep(0.05)
        with open(port_file, encoding='utf-8') as handle:
            launched = Launched(process.pid, int(handle.read()), process=process, state_file=state_file)
    finally:
        for path in (port_file, errors):
            if os.path.exists(path):
                os.unlink(path)
        os.rmdir(workdir)
    if state_file:
        _write_json(state_file, {'pid': launched.pid, 'port': launched.port, 'url': launched.url})
    return launched


def stop(pid=None, state_file=None, process=None, timeout=STOP_TIMEOUT):
    """Stop the emulator of ``pid`` (or of the state file, which is then removed): SIGTERM, then
    SIGKILL after ``timeout`` seconds; returns once it has ended. One already gone is not an error."""
    if pid is None and state_file and os.path.exists(state_file):
        with open(state_file, encoding='utf-8') as handle:
            pid = json.load(handle)['pid']
    if pid is not None:
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + timeout
            # A child of ours is reaped by wait(); one started by another process is watched in /proc.
            while (process.poll() is None) if process is not None else process_alive(pid):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            else:
                break
    if state_file and os.path.exists(state_file):
        os.unlink(state_file)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Start the FC3 emulator in the background on a free 127.0.0.1 port, or stop it.'
    )
    commands = parser.add_subparsers(dest='command', required=True)
    start_parser = commands.add_parser('start', help='start it, wait until it listens, print its URL')
    start_parser.add_argument(
        '--state-file',
        required=True,
        metavar='PATH',
        help='where to keep its PID, port and URL (JSON), for stop and for other steps',
    )
    start_parser.add_argument('--exit-with', type=int, metavar='PID', help='the emulator ends when process PID ends')
    start_parser.add_argument('--log', metavar='PATH', help="append the emulator's output to this file (default: none)")
    start_parser.add_argument(
        'options',
        nargs=argparse.REMAINDER,
        help='options of fc3_emulator.py after "--" (--seed, --region, --access-key, ...)',
    )
    stop_parser = commands.add_parser('stop', help='stop the emulator of a state file and remove the file')
    stop_parser.add_argument('--state-file', required=True, metavar='PATH')
    args = parser.parse_args(argv)
    if args.command == 'stop':
        stop(state_file=args.state_file)
        return 0
    options = args.options[1:] if args.options[:1] == ['--'] else args.options
    try:
        launched = start(options, state_file=args.state_file, exit_with=args.exit_with, log=args.log)
    except EmulatorNotStarted as exc:
        print('fc3-launcher: %s' % exc, file=sys.stderr)
        return 1
    print(launched.url, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
