# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`molecule test` for the scenarios under extensions/molecule, run from the collection's root the way
a collection developer runs it, with the molecule and ansible-core of this Python's virtualenv.

The collection under test is the one ANSIBLE_COLLECTIONS_PATH points at (`make test`: installed from the
built artifact). Each run gets its own ephemeral directory, so lanes can run side by side.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import subprocess
import sys

import pytest

from clean_env import clean_environment

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)

# The actions of the scenario's test_sequence (molecule.yml), in order, as molecule reports them.
POLICY_SEQUENCE = [
    'destroy',
    'syntax',
    'create',
    'side_effect',
    'converge',
    'idempotence',
    'verify',
    'side_effect',
    'verify',
    'destroy',
]
ACTION_LINE = re.compile(r'^async_invoke_policy \S+ (\w+): Executed: (\w+)', re.MULTILINE)


def run_molecule(tmp_path, *args):
    if not os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        raise RuntimeError('ANSIBLE_COLLECTIONS_PATH is not set: run the molecule tests through `make test`')
    # Home, molecule's cache and Ansible's files in this run's directory.
    env = clean_environment(tmp_path / 'home', drop_prefixes=('MOLECULE_',))
    env.update(
        {
            'PATH': BIN_DIR + os.pathsep + env.get('PATH', ''),
            'VIRTUAL_ENV': os.path.dirname(BIN_DIR),
            'MOLECULE_EPHEMERAL_DIRECTORY': str(tmp_path / 'ephemeral'),
            'NO_COLOR': '1',
            'PY_COLORS': '0',
        }
    )
    return subprocess.run(
        [os.path.join(BIN_DIR, 'molecule')] + list(args),
        env=env,
        cwd=COLLECTION_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=900,
        check=False,
    )


def actions(output):
    """The (action, outcome) pairs of molecule's closing DETAILS list."""
    details = output.rsplit('DETAILS', 1)[-1]
    return ACTION_LINE.findall(details)


def emulators_left(tmp_path):
    """PIDs of FC3 emulators still running in this run's ephemeral directory (where create.yml starts them)."""
    ephemeral = str(tmp_path / 'ephemeral')
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cwd = os.readlink('/proc/%s/cwd' % pid)
            with open('/proc/%s/cmdline' % pid, 'rb') as cmdline:
                command = cmdline.read().decode('utf-8', 'replace')
        except OSError:
            continue
        if cwd == ephemeral and 'fc3_emulator.py' in command:
            found.append(int(pid))
    return found


def test_async_invoke_policy_scenario(tmp_path):
    """create, check mode, converge 20 functions, idempotence, verify, side effect with purge, verify, destroy."""
    result = run_molecule(tmp_path, 'test', '--scenario-name', 'async_invoke_policy')
    assert result.returncode == 0, result.stdout[-8000:]
    assert actions(result.stdout) == [(action, 'Successful') for action in POLICY_SEQUENCE], result.stdout[-8000:]
    assert emulators_left(tmp_path) == []


def test_destroy_stops_the_emulator_after_a_failed_step(tmp_path):
    """A step after create fails (a bad role variable given to every playbook): destroy still runs and stops it."""
    result = run_molecule(
        tmp_path,
        'test',
        '--scenario-name',
        'async_invoke_policy',
        '--',
        '--extra-vars',
        '{"async_invoke_policy_purge": "sometimes"}',
    )
    assert result.returncode != 0, result.stdout[-8000:]
    assert actions(result.stdout)[:4] == [
        ('destroy', 'Successful'),
        ('syntax', 'Successful'),
        ('create', 'Successful'),
        ('side_effect', 'Failed'),
    ], result.stdout[-8000:]
    assert actions(result.stdout)[-1] == ('destroy', 'Successful'), result.stdout[-8000:]
    assert "argument 'async_invoke_policy_purge' is of type" in result.stdout
    assert emulators_left(tmp_path) == []


@pytest.fixture(autouse=True)
def _stop_leftover_emulators(tmp_path):
    """Should destroy fail to stop an emulator, stop it here after the test has seen it, so that none outlives
    the run."""
    yield
    for pid in emulators_left(tmp_path):
        os.kill(pid, 15)
