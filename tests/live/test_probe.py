# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""probe.py (``make probe``) against the emulator: it reports the emulator's own conventions exactly, and the
other answer for every key when the emulator is started (``--facts``) from a file holding those (the round
trip of a report); it refuses without the opt-in, and leaves the user's own as they were."""

import json
import os

from fc3_emulator import SHIPPED_FACTS
from fc3_launcher import start
from live_harness import (
    ACCESS_KEY_ID,
    ACCESS_KEY_SECRET,
    HERE,
    REGION,
    USERS_OWN,
    live_environment,
    prefix_of,
    run_script,
    trespasses,
)

OTHER_ANSWERS = os.path.join(HERE, 'other-answers.json')


def facts_of(path):
    with open(str(path), encoding='utf-8') as handle:
        facts = json.load(handle)
    facts.pop('about')
    return facts


def test_without_the_opt_in_it_refuses_and_sends_nothing(user_emulator, tmp_path):
    run = run_script(
        'probe.py', live_environment(tmp_path, user_emulator.url, opt_in=None), '--out', str(tmp_path / 'f')
    )
    assert run.returncode == 2 and 'Nothing was sent' in run.stdout, run.stdout
    assert user_emulator.requests == [] and not (tmp_path / 'f').exists()


def test_it_reports_the_emulators_conventions(user_emulator, tmp_path):
    before = user_emulator.state()
    out = tmp_path / 'service-facts.json'
    run = run_script('probe.py', live_environment(tmp_path, user_emulator.url), '--out', str(out))
    assert run.returncode == 0, run.stdout
    assert facts_of(out) == SHIPPED_FACTS
    # The table: every key, the service's answer beside the emulator's, the same.
    for key in SHIPPED_FACTS:
        row = [line for line in run.stdout.splitlines() if line.startswith(key + ' ')]
        assert len(row) == 1 and row[0].endswith('same'), run.stdout
    assert user_emulator.state() == before
    # The one question about the region's list reads it; nothing else is read or changed outside the prefix.
    assert trespasses(user_emulator.requests, prefix_of(run.stdout), region_wide_list=True) == []


def test_it_reports_the_other_answers_of_an_emulator_started_from_them(tmp_path):
    seed = tmp_path / 'seed.json'
    seed.write_text(json.dumps(USERS_OWN))
    options = ['--region', REGION, '--access-key', '%s:%s' % (ACCESS_KEY_ID, ACCESS_KEY_SECRET), '--seed', str(seed)]
    with start(options + ['--facts', OTHER_ANSWERS], exit_with=os.getpid()) as emulator:
        out = tmp_path / 'service-facts.json'
        run = run_script('probe.py', live_environment(tmp_path, emulator.url), '--out', str(out))
    assert run.returncode == 0, run.stdout
    other = facts_of(OTHER_ANSWERS)
    assert facts_of(out) == other
    assert all(other[key] != SHIPPED_FACTS[key] for key in SHIPPED_FACTS)
    for key in SHIPPED_FACTS:
        row = [line for line in run.stdout.splitlines() if line.startswith(key + ' ')]
        assert len(row) == 1 and row[0].endswith('DIFFERS'), run.stdout
