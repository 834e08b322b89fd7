# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""live.py (``make test-live``) against an emulator holding the user's own functions and configs: it refuses
without the opt-in, passes, touches nothing of theirs, stays within the cost it states, and removes what it
created (or lists exactly what is left) when it is interrupted. The emulator's test hooks are used by these
tests only (to look, and to make a removal fail), never by the run."""

import os
import re
import signal
import subprocess
import time

import pytest

from live_harness import HERE, live_environment, prefix_of, run_script, script_command, trespasses, users_own

COLLECTION_ROOT = os.path.dirname(os.path.dirname(HERE))


def test_without_the_opt_in_it_refuses_and_sends_nothing(user_emulator, tmp_path):
    for opt_in in (None, 'no', 'YES '):
        run = run_script('live.py', live_environment(tmp_path, user_emulator.url, opt_in=opt_in))
        assert run.returncode == 2, run.stdout
        assert 'FC_LIVE_TESTS=yes' in run.stdout and 'Nothing was sent' in run.stdout
    assert user_emulator.requests == []


@pytest.mark.parametrize('target', ['test-live', 'probe'])
def test_the_make_targets_refuse_without_the_opt_in_before_building_anything(target, user_emulator, tmp_path):
    env = live_environment(tmp_path, user_emulator.url, opt_in=None)
    run = subprocess.run(
        ['make', '-s', '-C', COLLECTION_ROOT, target],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0 and 'FC_LIVE_TESTS=yes' in run.stdout and 'Nothing was sent' in run.stdout
    assert 'built alicloud-fc' not in run.stdout and user_emulator.requests == []


def test_a_run_passes_and_leaves_the_users_own_as_they_were(user_emulator, tmp_path):
    before = user_emulator.state()
    run = run_script('live.py', live_environment(tmp_path, user_emulator.url), '--workdir', str(tmp_path / 'work'))
    lines = run.stdout.splitlines()
    passed = re.match(r'^(\d+) passed, 0 failed$', lines[-1])
    assert run.returncode == 0 and passed, run.stdout
    assert int(passed.group(1)) >= 10
    prefix = prefix_of(lines[1])
    # Nothing of the run is left, nothing of the user's changed (their configs' times included).
    assert user_emulator.state() == before
    requests = user_emulator.requests
    assert requests and trespasses(requests, prefix) == []
    # The cost stated before the first request bounds what the run sent.
    stated = int(re.search(r'at most (\d+) requests', lines[1]).group(1))
    assert len(requests) <= stated, (len(requests), stated)
    assert 'Removed everything this run created' in run.stdout


@pytest.mark.parametrize(
    'signum, when, removal_fails, again',
    [
        # Mid-run: the first scenario checked, the playbook at work on the next; a removal then fails.
        (signal.SIGTERM, 'PASS  bad_input', True, False),
        # At the start: the cost stated, the setup's creations under way.
        (signal.SIGINT, 'Playbooks and logs', False, False),
        # A second signal (an impatient Ctrl-C, a supervisor's SIGTERM) while the removal runs.
        (signal.SIGINT, 'Playbooks and logs', False, True),
    ],
    ids=['sigterm-mid-run-a-removal-fails', 'sigint-at-the-start', 'a-second-signal-during-the-removal'],
)
def test_an_interrupted_run_removes_what_it_created_or_lists_exactly_what_is_left(
    user_emulator, tmp_path, signum, when, removal_fails, again
):
    before = user_emulator.state()
    env = live_environment(tmp_path, user_emulator.url)
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        script_command('live.py', '--workdir', str(tmp_path / 'work')),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
    )
    try:
        seen = []
        for line in process.stdout:
            seen.append(line)
            if line.startswith(when):
                break
        prefix = prefix_of(''.join(seen))
        if removal_fails:
            user_emulator.add_fault(status=500, count=100, action='DeleteFunction', function=prefix + 'c')
        process.send_signal(signum)
        if again:
            # Slow answers, so that the removal is still under way when the second signal arrives.
            user_emulator.set_latency(0.2)
            for line in process.stdout:
                seen.append(line)
                if line.startswith('Removing what this run created'):
                    process.send_signal(signal.SIGTERM)
                    break
        rest = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = ''.join(seen) + rest
    assert process.returncode == 1, output
    assert re.search(r'^\d+ passed, \d+ failed \(interrupted by %s: \d+ not run\)$' % signum.name, output, re.M), output
    left = [f['name'] for f in user_emulator.state()['functions'] if f['name'].startswith(prefix)]
    listed = re.findall(r'^  function (\S+): ', output, re.M)
    if removal_fails:
        assert left == listed == [prefix + 'c'], output
    else:
        assert left == [] and 'Removed everything this run created' in output, output
    if again:
        assert 'SIGTERM received while removing what this run created: finishing the removal first' in output
    assert users_own(user_emulator.state(), prefix) == users_own(before)
    assert trespasses(user_emulator.requests, prefix) == []
    # The playbook ended with the run: nothing arrives afterwards.
    sent = len(user_emulator.requests)
    time.sleep(1)
    assert len(user_emulator.requests) == sent
