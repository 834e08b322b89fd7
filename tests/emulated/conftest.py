# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures that run a module's ``main()`` in this process against the emulator of ``tests/conftest.py``.

``patch_ansible_module(args)`` hands module args to ``AnsibleModule`` the way the controller does, on every
tested ansible-core, through the adapter the action plugins run ``main()`` in Ansible's worker with
(plugins/plugin_utils/_in_process.py: ``core_adapter``), which also forgets what a run left behind;
``run_module(module, args)`` runs ``module.main()`` under it and returns the JSON result the module printed.
The real SDK talks HTTP to the emulator: nothing here is mocked but the channel the arguments come through.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os
import re

import pytest

from ansible.module_utils.common import parameters
from ansible_collections.alicloud.fc.plugins.plugin_utils._in_process import core_adapter
from clean_env import AMBIENT_PREFIXES, CREDENTIAL_CHAIN_SETTINGS  # tests/, put on sys.path by tests/conftest.py
from forward_proxy import ForwardProxy  # tests/emulator, put on sys.path by tests/conftest.py

try:
    # ansible-core 2.19+ caches which events get a traceback on first use, from the first module's args.
    from ansible.module_utils._internal import _traceback

    # ... and routes warnings and tracebacks through the controller once any controller code was imported
    # into the process (the in-process unit tests import action plugins): a module process has it False.
    from ansible.module_utils import _internal as module_internals
except ImportError:
    _traceback = module_internals = None

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'
PROXY_USER = 'alice'
# Distinct enough that finding it anywhere in a result can only mean a leak.
PROXY_PASSWORD = 'Pr0xy-Pa55-Distinct'
# What ansible-core puts in place of a no_log option's value.
MASKED = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
# This ansible-core's argument hand-over and module-state reset, as the action plugins use them.
CORE = core_adapter()

# What the controller adds to every module's args. ``inject_invocation`` and ``tracebacks_for`` only
# exist where ansible-core has them (2.19+): there the invocation and ``exception`` are returned only
# when asked for (ANSIBLE_INJECT_INVOCATION=1, ANSIBLE_DISPLAY_TRACEBACK=error). Older cores always
# return the invocation, and a traceback the module gives.
_CONTROLLER_ARGS = dict(
    _ansible_remote_tmp='/tmp',
    _ansible_keep_remote_files=False,
    _ansible_inject_invocation=True,
    _ansible_tracebacks_for=['error'],
)
CONTROLLER_ARGS = dict(
    (name, value) for name, value in _CONTROLLER_ARGS.items() if name[len('_ansible_') :] in parameters.PASS_VARS
)


class ModuleResult:
    """What one run of ``main()`` ended with: the exit code and the JSON result it printed."""

    def __init__(self, exit_code, result):
        self.exit_code = exit_code
        self.result = result

    @property
    def text(self):
        """The whole result as printed, to look for a secret anywhere in it."""
        return json.dumps(self.result)

    def masked(self, option):
        """Whether the invocation shows the option as ansible-core shows a no_log value."""
        return self.result['invocation']['module_args'][option] == MASKED

    def warnings(self):
        """The warnings as text (ansible-core 2.19+ returns each as a ``WarningSummary`` holding an event)."""
        return [item['event']['msg'] if isinstance(item, dict) else item for item in self.result.get('warnings', [])]

    @property
    def module_traceback(self):
        """The traceback the module itself returned as ``exception`` (that of the SDK's exception), or ``None``.

        With tracebacks on (as here), ansible-core 2.19+ returns one for every failure when the module gives
        none: the traceback of the exception being handled when ``fail_json`` was called (an ``FC3Error``,
        which never carries a traceback of its own), or else the call stack of ``fail_json``, ending in
        ``Message:``. Neither is the module's.
        """
        text = self.result.get('exception')
        if text is None:
            return None
        last_line = text.rstrip('\n').rsplit('\n', 1)[-1]
        if last_line == 'Message: %s' % self.result.get('msg') or re.match(r'[\w.]*\bFC3Error: ', last_line):
            return None
        return text

    def __repr__(self):
        return 'ModuleResult(exit_code=%r, result=%s)' % (self.exit_code, json.dumps(self.result, indent=2))


def _forget_earlier_runs():
    """A module process starts with none of this (the adapter's module state, and the traceback events 2.19+
    caches from the first module's args); in one test process it would pile up from run to run."""
    CORE.reset()
    if _traceback is not None:
        _traceback._module_tracebacks_enabled_events = None  # pylint: disable=protected-access


@pytest.fixture(autouse=True)
def _isolated_module_state(monkeypatch):
    """No ambient Alibaba Cloud settings (the options fall back to them), nothing left by an earlier run."""
    for name in list(os.environ):
        if name.startswith(AMBIENT_PREFIXES):
            monkeypatch.delenv(name)
    for name, value in CREDENTIAL_CHAIN_SETTINGS.items():
        monkeypatch.setenv(name, value)
    if module_internals is not None:
        monkeypatch.setattr(module_internals, 'is_controller', False)
        # pylint: disable-next=protected-access
        monkeypatch.setattr(_traceback, '_is_traceback_enabled', _traceback._is_module_traceback_enabled)
    yield
    _forget_earlier_runs()


@pytest.fixture
def patch_ansible_module():
    """``with patch_ansible_module(args, check_mode=False, diff=False):`` an ``AnsibleModule`` built inside
    reads ``args`` as the module args of a task, with the controller's own ``_ansible_*`` args added."""

    @contextlib.contextmanager
    def patch(args, check_mode=False, diff=False):
        module_args = dict(CONTROLLER_ARGS, _ansible_check_mode=check_mode, _ansible_diff=diff)
        module_args.update(args)
        CORE.hand_over(module_args, CORE.profile)
        try:
            yield
        finally:
            CORE.reset()

    return patch


@pytest.fixture
def run_module(patch_ansible_module, capsys):  # pylint: disable=redefined-outer-name
    """``run_module(module, args, check_mode=False, diff=False)`` -> ``ModuleResult`` of ``module.main()``."""

    def run(module, args, check_mode=False, diff=False):
        capsys.readouterr()
        _forget_earlier_runs()
        with patch_ansible_module(args, check_mode=check_mode, diff=diff):
            with pytest.raises(SystemExit) as exited:
                module.main()
        out = capsys.readouterr().out
        # A module prints exactly one JSON document, after a newline.
        return ModuleResult(exited.value.code, json.loads(out))

    return run


@pytest.fixture
def stored(emulator):
    """``stored(function_name, qualifier='LATEST')``: the emulator's own record of a config, in the shape the
    modules return (``None`` when there is none), read from its store and not through any module."""

    def read(function_name, qualifier='LATEST'):
        for item in emulator.state()['async_configs']:
            if (item['function_name'], item['qualifier']) == (function_name, qualifier):
                return returned_shape(item['config'], function_name, qualifier)
        return None

    return read


API_KEYS = (
    ('functionArn', 'function_arn'),
    ('asyncTask', 'async_task'),
    ('maxAsyncEventAgeInSeconds', 'max_async_event_age_in_seconds'),
    ('maxAsyncRetryAttempts', 'max_async_retry_attempts'),
    ('createdTime', 'created_time'),
    ('lastModifiedTime', 'last_modified_time'),
)


def returned_shape(api_config, function_name, qualifier):
    """An API config (camelCase) in the modules' returned shape, written out key by key."""
    config = dict(function_name=function_name, qualifier=qualifier)
    for api_key, key in API_KEYS:
        if api_key in api_config:
            config[key] = api_config[api_key]
    sides = api_config.get('destinationConfig') or {}
    destinations = dict(
        (key, {'destination': sides[api_key]['destination']})
        for api_key, key in (('onSuccess', 'on_success'), ('onFailure', 'on_failure'))
        if sides.get(api_key)
    )
    if destinations:
        config['destination_config'] = destinations
    return config


@pytest.fixture
def actions(emulator):
    """``actions()``: the API actions the emulator was sent, in order (``GetAsyncInvokeConfig``, ...)."""
    return lambda: [request['action'] for request in emulator.requests]


@pytest.fixture
def proxy():
    """A started forward proxy that demands ``PROXY_USER`` / ``PROXY_PASSWORD``; ``proxy.url_with_credentials()``."""
    started = ForwardProxy(user=PROXY_USER, password=PROXY_PASSWORD).start()
    yield started
    started.stop()


@pytest.fixture
def connection(emulator):
    """The connection options of a task against the ``emulator`` fixture, with retries fast enough for tests."""
    return dict(
        region=emulator.region,
        endpoint=emulator.url,
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        retries=1,
        retry_timeout=5.0,
        read_timeout=5.0,
    )
