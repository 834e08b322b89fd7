# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the live suite's own tests (tests/live/conftest.py puts this folder on sys.path): ``make
test-live`` and ``make probe`` run as a maintainer runs them (a process, the environment's variables), and
"the user's own" functions and configs an emulator holds beside what a run creates."""

import json
import os
import re
import subprocess
import sys

from clean_env import clean_environment
from fc_account import ALLOWED_OPERATIONS, TAG_RUN

HERE = os.path.dirname(os.path.abspath(__file__))

REGION = 'cn-hangzhou'
ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'
# The API actions of ALLOWED_OPERATIONS (create_function -> CreateFunction).
ALLOWED_ACTIONS = {''.join(part.capitalize() for part in op.split('_')) for op in ALLOWED_OPERATIONS}

# The user's own: versions, an alias, tags like the run's (another value), a name like another run's prefix.
USERS_OWN = {
    'functions': [
        {'name': 'orders', 'versions': 2, 'aliases': {'prod': '1'}, 'tags': {'team': 'payments'}},
        {'name': 'billing', 'tags': {TAG_RUN: 'someone-else', 'alicloud-fc-live-group': 'pair'}},
        {'name': 'fclive-0101000000-abcdef-a', 'tags': {TAG_RUN: 'fclive-0101000000-abcdef'}},
        {'name': 'fcprobe-0101000000-abcdef-f'},
    ],
    'async_configs': [
        {'function_name': 'orders', 'config': {'maxAsyncRetryAttempts': 1}},
        {'function_name': 'orders', 'qualifier': 'prod', 'config': {'asyncTask': True}},
        {'function_name': 'orders', 'qualifier': '2', 'config': {'maxAsyncEventAgeInSeconds': 60}},
        {'function_name': 'billing', 'config': {'maxAsyncRetryAttempts': 0}},
        {'function_name': 'fclive-0101000000-abcdef-a', 'config': {'maxAsyncRetryAttempts': 2}},
        {'function_name': 'fcprobe-0101000000-abcdef-f', 'config': {'maxAsyncRetryAttempts': 4}},
    ],
}


def users_own(state, prefix=None):
    """The part of an emulator state (``Emulator.state()``) that is not a run's: every function and config whose
    name does not start with ``prefix`` (default: none is a run's)."""

    def theirs(name):
        return prefix is None or not name.startswith(prefix)

    return {
        'functions': [f for f in state['functions'] if theirs(f['name'])],
        'async_configs': [c for c in state['async_configs'] if theirs(c['function_name'])],
    }


def live_environment(scratch, url, opt_in='yes', region=REGION):
    """What a maintainer's shell holds for ``make test-live``: the shared options' variables, the opt-in."""
    env = clean_environment(str(scratch))
    env.update(
        {
            'ALIBABA_CLOUD_REGION_ID': region,
            'ALIBABA_CLOUD_FC_ENDPOINT': url,
            'ALIBABA_CLOUD_ACCESS_KEY_ID': ACCESS_KEY_ID,
            'ALIBABA_CLOUD_ACCESS_KEY_SECRET': ACCESS_KEY_SECRET,
            'PATH': os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', ''),
        }
    )
    if opt_in is not None:
        env['FC_LIVE_TESTS'] = opt_in
    return env


def script_command(name, *args):
    return [sys.executable, os.path.join(HERE, name)] + list(args)


def run_script(name, env, *args, timeout=300):
    """Run tests/live/NAME with ``args`` to its end; the CompletedProcess, output in .stdout."""
    return subprocess.run(
        script_command(name, *args),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=timeout,
        check=False,
    )


def prefix_of(output):
    """The run's prefix, from what it printed before its first request."""
    match = re.search(r'\b(fc(?:live|probe)-\d{10}-[0-9a-f]{6}-)', output)
    assert match, output
    return match.group(1)


def trespasses(requests, prefix, region_wide_list=False):
    """The requests (the emulator's records) that a run of ``prefix`` should not have sent: an operation the
    interface does not list, a function of another name, a list not narrowed to the run's names or tag
    (``region_wide_list``: the probe's one question allows ListAsyncInvokeConfigs of the region)."""
    run_tag = {'Key': TAG_RUN, 'Value': prefix.rstrip('-')}
    found = []
    for request in requests:
        action, query, name = request['action'], request['query'], request['function_name']
        if action not in ALLOWED_ACTIONS:
            found.append('operation %s' % action)
        elif name is not None and not name.startswith(prefix):
            found.append('%s of %s' % (action, name))
        elif action == 'ListFunctions' and query.get('prefix') != prefix:
            if run_tag not in json.loads(query.get('tags') or '[]'):
                found.append('ListFunctions %s' % query)
        elif action == 'ListAsyncInvokeConfigs' and not (query.get('functionName') or '').startswith(prefix):
            if not (region_wide_list and 'functionName' not in query):
                found.append('ListAsyncInvokeConfigs %s' % query)
    return found
