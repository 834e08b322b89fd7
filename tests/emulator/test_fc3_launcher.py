# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's launcher (fc3_launcher.py): its Python API and its command line start a separate
emulator process that answers at the URL it gives, and stop it; nothing is left behind."""

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

import fc3_launcher
from fc3_emulator import process_alive

LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fc3_launcher.py')


def state_of(url):
    with urllib.request.urlopen(url + '/_emulator/state', timeout=5) as answer:
        return json.loads(answer.read())


def gone_within(pid, seconds):
    deadline = time.monotonic() + seconds
    while process_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_start_answers_at_its_url_and_stop_ends_it(tmp_path):
    seed = tmp_path / 'seed.json'
    seed.write_text(json.dumps({'functions': [{'name': 'launched'}]}))
    state_file = tmp_path / 'emulator.json'
    launched = fc3_launcher.start(['--seed', str(seed), '--region', 'cn-shanghai'], state_file=str(state_file))
    try:
        assert launched.url == 'http://127.0.0.1:%d' % launched.port and launched.port > 0
        assert json.loads(state_file.read_text()) == {'pid': launched.pid, 'port': launched.port, 'url': launched.url}
        functions = state_of(launched.url)['functions']
        assert [function['name'] for function in functions] == ['launched']
        assert functions[0]['functionArn'].startswith('acs:fc:cn-shanghai:')
        # Its own session: the end of the caller's process group does not take it down.
        assert os.getsid(launched.pid) == launched.pid
    finally:
        launched.stop()
    assert launched.process.returncode == 0  # SIGTERM: a clean stop
    assert not state_file.exists()
    fc3_launcher.stop(state_file=str(state_file))  # already stopped: not an error


def test_two_at_once_get_ports_of_their_own():
    with fc3_launcher.start() as first, fc3_launcher.start() as second:
        assert first.port != second.port
        assert state_of(first.url)['functions'] == state_of(second.url)['functions'] == []


def test_an_emulator_that_cannot_start_says_why_and_leaves_nothing(tmp_path):
    seed = tmp_path / 'seed.json'
    seed.write_text(json.dumps({'async_configs': [{'function_name': 'missing', 'config': {}}]}))
    state_file = tmp_path / 'emulator.json'
    with pytest.raises(fc3_launcher.EmulatorNotStarted) as raised:
        fc3_launcher.start(['--seed', str(seed)], state_file=str(state_file))
    assert str(raised.value).startswith('the FC3 emulator did not start: ')
    assert 'FunctionNotFound' in str(raised.value)
    assert not state_file.exists()


def test_it_ends_with_the_process_it_was_told_to_end_with(tmp_path):
    owner = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])  # pylint: disable=consider-using-with
    launched = fc3_launcher.start(state_file=str(tmp_path / 'emulator.json'), exit_with=owner.pid)
    try:
        assert state_of(launched.url)['functions'] == []
        time.sleep(0.7)
        assert launched.process.poll() is None  # alive while its owner is
        owner.kill()
        owner.wait()
        assert launched.process.wait(timeout=5) == 0
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
        launched.stop()


def run_cli(*args):
    return subprocess.run([sys.executable, LAUNCHER, *args], capture_output=True, text=True, timeout=60, check=False)


def test_cli_start_detaches_and_stop_ends_it(tmp_path):
    state_file = tmp_path / 'emulator.json'
    log = tmp_path / 'emulator.log'
    started = run_cli('start', '--state-file', str(state_file), '--log', str(log), '--', '--account-id', '42')
    assert started.returncode == 0, started.stderr
    state = json.loads(state_file.read_text())
    try:
        assert started.stdout == state['url'] + '\n'
        # The launcher has exited; the emulator it started answers, with the options given after --.
        with urllib.request.urlopen(
            state['url'] + '/_emulator/seed', data=b'{"functions": [{"name": "f"}]}', timeout=5
        ) as answer:
            assert json.loads(answer.read()) == {'ok': True}
        assert ':42:functions/f' in state_of(state['url'])['functions'][0]['functionArn']
        assert 'fc3-emulator listening on %s' % state['url'] in log.read_text()
    finally:
        stopped = run_cli('stop', '--state-file', str(state_file))
    assert stopped.returncode == 0, stopped.stderr
    assert gone_within(state['pid'], 5)
    assert not state_file.exists()
    assert run_cli('stop', '--state-file', str(state_file)).returncode == 0


def test_cli_start_failure_says_why_with_an_exit_status(tmp_path):
    result = run_cli('start', '--state-file', str(tmp_path / 'emulator.json'), '--', '--burst', '3')
    assert result.returncode == 1 and result.stdout == ''
    assert result.stderr.startswith('fc3-launcher: the FC3 emulator did not start: ')
    assert 'burst and retry_after_ms need a rate' in result.stderr
    assert not (tmp_path / 'emulator.json').exists()
