# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every benchmark here does to time a playbook: write it, run ansible-playbook on it as a user would
(in the clean environment of tests/clean_env.py, with the emulator's key pair and this Python as the
modules' interpreter), and fail with its output when it fails. Imported by the bench/*.py scripts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, '..', 'tests'), os.path.join(HERE, '..', 'tests', 'emulator')]

from clean_env import clean_environment  # noqa: E402  pylint: disable=wrong-import-position

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'


def run_playbook(plays, path, workdir, env=None, extra_args=()):
    """Write ``plays`` to ``path`` and run them; ``env`` adds to the environment. Returns the wall seconds of the
    run; raises RuntimeError with the end of the output when ansible-playbook fails."""
    with open(path, 'w') as handle:
        json.dump(plays, handle)
    environment = clean_environment(workdir)
    environment.update(
        {
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_LOCALHOST_WARNING': '0',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
            'ALIBABA_CLOUD_ACCESS_KEY_ID': ACCESS_KEY_ID,
            'ALIBABA_CLOUD_ACCESS_KEY_SECRET': ACCESS_KEY_SECRET,
        }
    )
    environment.update(env or {})
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,', path]
    command.extend(extra_args)
    started = time.monotonic()
    done = subprocess.run(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False
    )
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError('%s failed:\n%s' % (os.path.basename(path), done.stdout[-4000:]))
    return elapsed
