# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one playbook with the modules shipped and with them run in the worker, against two emulators
seeded alike, and reduce both runs to what must be equal: registered results, the console at default
verbosity and the requests the emulator saw, with times, request ids and retry jitter masked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import json
import re

from harness import run_playbook

RESULTS_FILE = 'results.json'
SHIPPED = {'alicloud_fc_in_process': False}
IN_PROCESS_LINE = 'running the module in the worker process'
SHIPPED_LINE = 'running the module as a separate process: '

_MASKS = [
    (re.compile(r'\b1-[0-9a-f]{8}-[0-9a-f]{24}\b'), '<request-id>'),  # the emulator's, as the service's
    (re.compile(r'\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b'), '<function-id>'),
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?'), '<time>'),
    (re.compile(r'waiting \d+(\.\d+)?s'), 'waiting <jitter>s'),
    (re.compile(r'127\.0\.0\.1:\d+'), '127.0.0.1:<port>'),
    (re.compile(r'after \d+(\.\d+)?s'), 'after <n>s'),
    # ansible-core 2.18 returns the worker's Python frame at a task's timeout (timedout.frame): where it waited
    # for the module's process when shipped, where main() waited for its answer in-process.
    (re.compile(r'Interrupted at <frame [^>]*> called from <frame [^>]*>'), 'Interrupted at <frame>'),
    # A traceback's frames name the files the module ran from (an AnsiballZ payload, or the collection):
    # its last line, the exception, must be the same.
    (re.compile(r'Traceback \(most recent call last\):.*?(\\n|\n)(?=[A-Za-z_.]+: )', re.S), 'Traceback <frames>\n'),
]


def mask(value):
    """``value`` (text or JSON data) with what differs between two runs by chance replaced."""
    if isinstance(value, dict):
        return dict((key, mask(item)) for key, item in value.items())
    if isinstance(value, list):
        return [mask(item) for item in value]
    if isinstance(value, str):
        for pattern, replacement in _MASKS:
            value = pattern.sub(replacement, value)
    return value


def request_summary(emulator):
    """What a request did, without when it came; for a hung request, without its answer either, which
    may come after the run has ended."""
    keys = ('method', 'path', 'query', 'action', 'body', 'status', 'code', 'access_key_id', 'fault')
    return [
        dict(
            (key, request[key])
            for key in keys
            if not (key in ('status', 'code', 'access_key_id') and request['fault'] == 'hang')
        )
        for request in emulator.requests
    ]


class Run:
    """One ansible-playbook run: its console output, registered results and the emulator's requests."""

    def __init__(self, completed, results, requests):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.results = results
        self.requests = requests

    @property
    def console(self):
        return mask(self.stdout)


def keep_results(names):
    """A last task writing registered variables to results.json beside the playbook; ``names`` maps
    each key of that file to the expression of its variable."""
    content = '{{ {%s} | to_json }}' % ', '.join('"%s": %s | default(None)' % item for item in sorted(names.items()))
    copy = {'content': content, 'dest': '{{ playbook_dir }}/%s' % RESULTS_FILE, 'mode': '0600'}
    return {
        'name': 'Keep the results',
        'ansible.builtin.copy': copy,
        'check_mode': False,
        'diff': False,
        'run_once': True,
        'delegate_to': 'localhost',
    }


def run(
    tmp_path, plays, emulator, extra_vars=None, extra_args=(), env_overrides=None, inventory='localhost,', python=None
):
    """Run ``plays`` (a list of play dicts; ``{url}`` and ``{region}`` in strings are the emulator's)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    text = json.dumps(plays).replace('{url}', emulator.url).replace('{region}', emulator.region)
    arguments = (['-e', json.dumps(extra_vars)] if extra_vars else []) + list(extra_args)
    completed = run_playbook(tmp_path, text, env_overrides, extra_args=arguments, inventory=inventory, python=python)
    # Each run has a directory of its own: the playbook's path in the output names it.
    completed.stdout = completed.stdout.replace(str(tmp_path), '<run>')
    (tmp_path / 'console.txt').write_text(completed.stdout)
    results_path = tmp_path / RESULTS_FILE
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    return Run(completed, results, request_summary(emulator))


def run_both(make_emulator, tmp_path, plays, prepare=None, emulator_options=None, **kwargs):
    """(shipped, in-process): ``plays`` run once each way, each against a fresh emulator ``prepare``d alike."""
    runs = []
    common_vars = kwargs.pop('extra_vars', None) or {}
    for name, extra_vars in (('shipped', SHIPPED), ('in_process', None)):
        emulator = make_emulator(**(emulator_options or {}))
        if prepare is not None:
            prepare(emulator)
        emulator.clear_requests()
        merged = dict(common_vars, **(extra_vars or {}))
        runs.append(run(tmp_path / name, plays, emulator, extra_vars=merged or None, **kwargs))
    return tuple(runs)


def assert_equivalent(shipped, in_process):
    """The two runs are the same for a user: results, console and requests."""
    assert in_process.returncode == shipped.returncode, in_process.stdout
    assert shipped.results is not None, shipped.stdout
    assert mask(in_process.results) == mask(shipped.results)
    assert in_process.console == shipped.console, ''.join(
        difflib.unified_diff(
            shipped.console.splitlines(True), in_process.console.splitlines(True), 'shipped', 'in-process'
        )
    )
    # As a multiset: the batch module's concurrent requests arrive in any order.
    shipped_requests, in_process_requests = (
        sorted(json.dumps(request, sort_keys=True) + '\n' for request in run.requests) for run in (shipped, in_process)
    )
    assert in_process_requests == shipped_requests, ''.join(
        difflib.unified_diff(shipped_requests, in_process_requests, 'shipped', 'in-process')
    )
