# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: running a module's own ``main()`` inside Ansible's worker process.

This file owns the decision (``core_refusal``: is this ansible-core one the in-process path is tested
on; ``refusal``: may this task run in-process, and if not, why), the action plugin base the same-name
action plugins of the modules use (``ModuleAction``), and the adapters to the private ansible-core
internals it needs (``PRIVATE_NAMES``), one per group of core versions alike, each checked on the
minors it names. The version comes first: on a core without an adapter, ``ModuleAction`` is core's
normal action with one ``-vvv`` line saying why, and nothing else of this file runs. Everything else
goes through ``ActionBase._execute_module``, unchanged: the module arguments are built, the module
is configured and its answer parsed by core exactly as for a shipped module; only the step that
would start the module's process runs ``main()`` here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import io
import json
import locale
import os
import sys
import traceback

from ansible import constants as C
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.release import __version__ as CORE_VERSION
from ansible.utils.display import Display

display = Display()

SWITCH = 'alicloud_fc_in_process'
# Where core's local connection plugin is loaded from: every tested core loads it under either name.
LOCAL_CONNECTION_MODULES = (
    'ansible.plugins.connection.local',
    'ansible_collections.ansible.builtin.plugins.connection.local',
)
# Variables that change how a Python starts or what it loads: the worker has already started, so
# honouring them needs a new process.
PROCESS_ENV_PREFIXES = ('PYTHON', 'LD_')
AUTO_INTERPRETERS = ('', 'auto', 'auto_legacy', 'auto_silent', 'auto_legacy_silent')
SHIPPED = 'running the module as a separate process: '


def core_version(version=CORE_VERSION):
    """(major, minor) of an ansible-core version string."""
    return tuple(int(part) for part in version.split('.')[:2])


def same_python(interpreter, executable):
    """Whether ``interpreter`` starts the Python that is running as ``executable``, in the same environment.

    A virtualenv is found from the directory of the path a Python is started by, not from the file
    it resolves to, so two venvs of one base Python differ although their executables resolve alike.
    """
    if not interpreter or not executable or not os.path.isabs(interpreter):
        return False
    try:
        return os.path.realpath(os.path.dirname(interpreter)) == os.path.realpath(
            os.path.dirname(executable)
        ) and os.path.realpath(interpreter) == os.path.realpath(executable)
    except (OSError, ValueError):
        return False


def refusal(switch, connection, become, async_val, environment, interpreter, executable, sdk_error):
    """Why the module must be shipped, or None when running its ``main()`` in the worker is equivalent.

    Asked only on a tested ansible-core (``core_refusal``). ``interpreter`` is the configured Python
    interpreter (None when discovered), ``environment`` the task's templated ``environment:``,
    ``sdk_error`` why this Python cannot import the SDK (or None).
    """
    if switch is not None and not switch:
        return '%s is false' % SWITCH
    if connection != 'local':
        return 'the connection is %s, not local' % connection
    if become:
        return 'become is set'
    if async_val:
        return 'async is set'
    process_vars = sorted(name for name in environment if str(name).startswith(PROCESS_ENV_PREFIXES))
    if process_vars:
        return 'environment sets %s' % ', '.join(process_vars)
    if interpreter is None or interpreter.strip() in AUTO_INTERPRETERS:
        return 'the Python interpreter is discovered'
    if not same_python(interpreter, executable):
        return 'the Python interpreter %s is not the controller\'s %s' % (interpreter, executable)
    if sdk_error:
        return 'the controller\'s Python cannot import the module: %s' % sdk_error
    return None


# --- Adapters to private ansible-core internals, one per group of core versions alike. -----------


class _UnprofiledCore:
    """ansible-core 2.16 to 2.18: module arguments as JSON, no serialization profile.

    Checked on 2.16.19, 2.17.14 and 2.18.19: executor/module_common.py encodes the arguments with
    AnsibleJSONEncoder(vault_to_text=True) into basic._ANSIBLE_ARGS; warnings._global_warnings and
    _global_deprecations are lists; ActionBase._configure_module returns (style, shebang, data, path);
    the AnsiballZ wrapper lets Python print an unhandled exception's traceback on stderr and exit 1
    (_parse_returned_data makes that MODULE FAILURE), and prints a failure when main() returns.
    """

    profile = None  # what a shipped Python module gets

    @staticmethod
    def built_module(configured):
        """(shebang, serialization profile, module path) of what ActionBase._configure_module returned."""
        return configured[1], None, configured[3]

    @staticmethod
    def hand_over(module_args, profile):
        """Hand the arguments to AnsibleModule the way the AnsiballZ wrapper does, encoded as core encodes them."""
        from ansible.module_utils import basic
        from ansible.module_utils.common.json import AnsibleJSONEncoder

        params = {'ANSIBLE_MODULE_ARGS': module_args}
        basic._ANSIBLE_ARGS = to_bytes(
            json.dumps(params, cls=AnsibleJSONEncoder, vault_to_text=True), errors='surrogate_or_strict'
        )

    @staticmethod
    def reset():
        """Forget what an earlier run left in ansible.module_utils' globals: a module process starts without it."""
        from ansible.module_utils import basic
        from ansible.module_utils.common import warnings

        warnings._global_warnings.clear()
        warnings._global_deprecations.clear()
        basic._ANSIBLE_ARGS = None

    @staticmethod
    def crash(exception, profile, stdout, stderr):
        """What the module process prints for an exception ``main()`` did not handle; returns its rc."""
        # From main()'s frame on, as Python prints it for the module's process.
        frames = exception.__traceback__.tb_next if exception.__traceback__ else None
        stderr.write(''.join(traceback.format_exception(type(exception), exception, frames)))
        return 1

    @staticmethod
    def no_exit(profile, stdout, stderr):
        """What the module process prints when ``main()`` returns without exiting; returns its rc."""
        stdout.write('{"msg": "New-style module did not handle its own exit", "failed": true}\n')
        return 1


class _ProfiledCore:
    """ansible-core 2.19 to 2.21: module arguments encoded for the module's serialization profile.

    Checked on 2.19.14, 2.20.10 and 2.21.5: executor/module_common.py encodes the arguments with the
    profile's controller-to-module encoder into basic._ANSIBLE_ARGS and sets basic._ANSIBLE_PROFILE
    (as _ansiballz/_loader.py); warnings._global_warnings and _global_deprecations are dicts;
    ActionBase._configure_module returns (_BuiltModule, path); the wrapper reports an unhandled
    exception through _ansiballz._loader._handle_exception, and raises RuntimeError when main() returns.
    """

    profile = 'legacy'  # what a shipped Python module gets

    @staticmethod
    def built_module(configured):
        bits, path = configured
        return bits.shebang, bits.serialization_profile, path

    @staticmethod
    def hand_over(module_args, profile):
        from ansible.module_utils import basic
        from ansible.module_utils.common.json import Direction, get_module_encoder

        params = {'ANSIBLE_MODULE_ARGS': module_args}
        basic._ANSIBLE_ARGS = json.dumps(
            params, cls=get_module_encoder(profile, Direction.CONTROLLER_TO_MODULE)
        ).encode()
        basic._ANSIBLE_PROFILE = profile

    @staticmethod
    def reset():
        from ansible.module_utils import basic
        from ansible.module_utils.common import warnings

        warnings._global_warnings.clear()
        warnings._global_deprecations.clear()
        basic._ANSIBLE_ARGS = None
        basic._ANSIBLE_PROFILE = None

    @staticmethod
    def crash(exception, profile, stdout, stderr):
        from ansible.module_utils._internal._ansiballz import _loader

        try:
            _loader._handle_exception(exception, profile)
        except SystemExit as exc:
            return exc.code
        return 1  # pragma: nocover

    @classmethod
    def no_exit(cls, profile, stdout, stderr):
        return cls.crash(RuntimeError('New-style module did not handle its own exit.'), profile, stdout, stderr)


# The adapter of each ansible-core minor the equivalence suite (tests/integration/in_process/) runs on:
# the oldest and newest lanes and every minor between them (scripts/lib.sh, MIDDLE_CORES).
ADAPTERS = {
    (2, 16): _UnprofiledCore,
    (2, 17): _UnprofiledCore,
    (2, 18): _UnprofiledCore,
    (2, 19): _ProfiledCore,
    (2, 20): _ProfiledCore,
    (2, 21): _ProfiledCore,
}
TESTED_CORE = tuple(sorted(ADAPTERS))


# Every private ansible-core name the in-process path uses, with the minors it is used on: the adapters'
# (module_utils: the argument hand-over, the module state, the AnsiballZ wrapper's answer to a crash) and
# the ActionBase hooks InProcessModuleAction overrides or calls, and the plugin attribute naming a
# connection. The unit tests check on each tested minor that each is there (test_in_process.py).
_EVERY_CORE = TESTED_CORE
_PROFILED_CORE = tuple(minor for minor in TESTED_CORE if ADAPTERS[minor] is _ProfiledCore)
PRIVATE_NAMES = (
    ('ansible.module_utils.basic._ANSIBLE_ARGS', _EVERY_CORE),
    ('ansible.module_utils.basic._ANSIBLE_PROFILE', _PROFILED_CORE),
    ('ansible.module_utils.common.warnings._global_warnings', _EVERY_CORE),
    ('ansible.module_utils.common.warnings._global_deprecations', _EVERY_CORE),
    ('ansible.module_utils._internal._ansiballz._loader._handle_exception', _PROFILED_CORE),
    ('ansible.plugins.action.ActionBase._compute_environment_string', _EVERY_CORE),
    ('ansible.plugins.action.ActionBase._is_pipelining_enabled', _EVERY_CORE),
    ('ansible.plugins.action.ActionBase._update_module_args', _EVERY_CORE),
    ('ansible.plugins.action.ActionBase._configure_module', _EVERY_CORE),
    ('ansible.plugins.action.ActionBase._low_level_execute_command', _EVERY_CORE),
    ('ansible.plugins.AnsiblePlugin._load_name', _EVERY_CORE),
)


def core_refusal(version=CORE_VERSION):
    """Why no module runs in-process on ansible-core ``version`` (a version string), or None on a tested one."""
    if core_version(version) in ADAPTERS:
        return None
    return 'ansible-core %s is not one the in-process path is tested on (%s)' % (
        version,
        ', '.join('%d.%d' % minor for minor in TESTED_CORE),
    )


def core_adapter(version=CORE_VERSION):
    """The adapter to this ansible-core's internals (None on an untested core): the argument hand-over and
    module-state reset of the in-process runs, and of the tests that run a module's main() in one process."""
    return ADAPTERS.get(core_version(version))


# --- The worker's state around one run of main(). -----------------------------------------------


def _text_stream(data=b''):
    return io.TextIOWrapper(io.BytesIO(data), encoding='utf-8', errors='surrogateescape', write_through=True)


def _stream_text(stream):
    stream.flush()
    return to_text(stream.buffer.getvalue(), errors='surrogate_then_replace')


def _exit_code(exc, stderr):
    """The exit status of a Python process ending with ``exc`` (SystemExit)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    stderr.write('%s\n' % exc.code)
    return 1


def run_main(main, module_args, profile, environment):
    """Run ``main()`` with the arguments, environment and streams its process would get; returns what
    ActionBase._low_level_execute_command returns for a process: rc, stdout, stderr and their lines.

    The worker's environment, working directory, locale, argv and standard streams are restored after.
    Only on a tested ansible-core (``core_adapter``).
    """
    core = core_adapter()
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_argv = sys.argv[:]
    saved_locale = locale.setlocale(locale.LC_ALL)
    stdout, stderr = _text_stream(), _text_stream()
    core.reset()
    try:
        os.environ.update((str(name), str(value)) for name, value in environment.items())
        core.hand_over(module_args, profile)
        sys.stdin, sys.stdout, sys.stderr = _text_stream(), stdout, stderr
        try:
            main()
            rc = core.no_exit(profile, stdout, stderr)
        except SystemExit as exc:
            rc = _exit_code(exc, stderr)
        except Exception as exc:  # pylint: disable=broad-except
            rc = core.crash(exc, profile, stdout, stderr)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv[:] = saved_argv
        for name in set(os.environ) - set(saved_env):
            del os.environ[name]
        for name, value in saved_env.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        if os.getcwd() != saved_cwd:
            os.chdir(saved_cwd)
        if locale.setlocale(locale.LC_ALL) != saved_locale:
            locale.setlocale(locale.LC_ALL, saved_locale)
        core.reset()
    out, err = _stream_text(stdout), _stream_text(stderr)
    return dict(rc=rc, stdout=out, stdout_lines=out.splitlines(), stderr=err, stderr_lines=err.splitlines())


def _module_fqn(action_module_name):
    """The Python name of the module an action plugin of this collection is named after."""
    return action_module_name.replace('.plugins.action.', '.plugins.modules.')


def _import_module(fqn):
    """The module's Python module, or the reason it cannot run here (the SDK missing, say)."""
    try:
        module = importlib.import_module(fqn)
        client = importlib.import_module(fqn.split('.plugins.')[0] + '.plugins.module_utils._client')
    except Exception as exc:  # pylint: disable=broad-except
        return None, '%s: %s' % (type(exc).__name__, exc)
    if not client.HAS_SDK:
        return None, str(client.SDK_IMPORT_ERROR)
    return module, None


def preload(action_module_name):
    """Import the module, and with it the SDK, once in the controller's main process of a run.

    The strategy imports an action plugin in the main process before it forks a worker per task, so
    what is imported here is already loaded in every worker: separate tasks then cost a fork, not an
    SDK import each. Nothing happens outside a run that executes tasks (ansible-doc, ansible-test) or
    on an ansible-core the in-process path is not tested on, and a missing SDK only means the modules
    are shipped.
    """
    if core_adapter() is not None and 'ansible.executor.task_queue_manager' in sys.modules:
        _import_module(_module_fqn(action_module_name))


class ShippedModuleAction(NormalAction):
    """Core's normal action, which ships the module, and one ``-vvv`` line saying why: the base of the action
    plugins on an ansible-core the in-process path is not tested on (``core_refusal``)."""

    def run(self, tmp=None, task_vars=None):
        display.vvv('%s: %s%s' % (self._task.action, SHIPPED, core_refusal()), host=self._play_context.remote_addr)
        return super(ShippedModuleAction, self).run(tmp, task_vars)


class InProcessModuleAction(NormalAction):
    """The normal action, except that when ``refusal`` finds nothing, the module runs in this process.

    Core's ``_execute_module`` still builds the arguments, configures the module and parses its
    answer; pipelining is assumed (no temporary directory: nothing is transferred) and the one
    command that would start the module's process runs its ``main()`` instead. The decision is made
    before ``_execute_module`` starts, so a failure of ``main()`` is the task's, never a reason to
    ship the module and run it again.
    """

    _in_process = None  # while a task runs in-process: main(), then what _execute_module hands over

    def run(self, tmp=None, task_vars=None):
        self._in_process = None
        task_vars = task_vars if task_vars is not None else {}
        module, reason, environment = self._plan(task_vars)
        if reason is not None:
            display.vvv('%s: %s%s' % (self._task.action, SHIPPED, reason), host=self._play_context.remote_addr)
        else:
            display.vvv(
                '%s: running the module in the worker process' % self._task.action, host=self._play_context.remote_addr
            )
            self._in_process = {'main': module.main, 'path': module.__file__, 'environment': environment}
        try:
            return super(InProcessModuleAction, self).run(tmp, task_vars)
        finally:
            self._in_process = None

    def _plan(self, task_vars):
        use_vars = task_vars
        if self._task.delegate_to:
            use_vars = task_vars.get('ansible_delegated_vars', {}).get(self._task.delegate_to, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        switch = task_vars.get(SWITCH)
        if switch is not None:
            switch = self._templar.template(switch)
            if isinstance(switch, str):
                # Core's false words, and an empty value (-e alicloud_fc_in_process=).
                switch = switch.strip().lower() not in BOOLEANS_FALSE | {''}
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=use_vars)
        if interpreter is not None:
            interpreter = str(self._templar.template(interpreter.strip()))
        facts = dict(
            switch=switch,
            connection=self._connection_name(),
            become=self._play_context.become,
            async_val=self._task.async_val,
            environment=environment,
            interpreter=interpreter,
            executable=sys.executable,
        )
        reason = refusal(sdk_error=None, **facts)
        if reason is not None:
            return None, reason, environment
        # Importing the module imports the SDK: only once everything else allows running here.
        module, sdk_error = _import_module(_module_fqn(type(self).__module__))
        return module, refusal(sdk_error=sdk_error, **facts), environment

    def _connection_name(self):
        """'local' for core's local connection (whatever name it was loaded by), else the plugin's name."""
        if type(self._connection).__module__ in LOCAL_CONNECTION_MODULES:
            return 'local'
        return getattr(self._connection, '_load_name', None) or type(self._connection).__module__

    # The hooks below are called by ActionBase._execute_module; outside an in-process run they are core's.

    def _is_pipelining_enabled(self, module_style, wrap_async=False):
        if self._in_process is not None:
            return module_style == 'new' and not wrap_async
        return super(InProcessModuleAction, self)._is_pipelining_enabled(module_style, wrap_async)

    def _update_module_args(self, module_name, module_args, task_vars, *args, **kwargs):
        super(InProcessModuleAction, self)._update_module_args(module_name, module_args, task_vars, *args, **kwargs)
        if self._in_process is not None:
            self._in_process['args'] = module_args

    def _configure_module(self, module_name, module_args, task_vars):
        configured = super(InProcessModuleAction, self)._configure_module(module_name, module_args, task_vars)
        if self._in_process is not None:
            shebang, profile, module_path = core_adapter().built_module(configured)
            self._in_process.update(shebang=shebang, profile=profile, module_path=module_path)
        return configured

    def _low_level_execute_command(self, cmd, *args, **kwargs):
        run, self._in_process = self._in_process, None
        if run is None or 'shebang' not in run:
            return super(InProcessModuleAction, self)._low_level_execute_command(cmd, *args, **kwargs)
        interpreter = (run['shebang'] or '').replace('#!', '', 1).strip()
        if not same_python(interpreter, sys.executable) or os.path.realpath(run['module_path']) != os.path.realpath(
            run['path'].replace('.pyc', '.py')
        ):
            # Core configured another interpreter or module than planned: the command it built runs.
            display.vvv(
                '%s: %score chose %s for %s' % (self._task.action, SHIPPED, interpreter, run['module_path']),
                host=self._play_context.remote_addr,
            )
            return super(InProcessModuleAction, self)._low_level_execute_command(cmd, *args, **kwargs)
        return run_main(run['main'], run['args'], run['profile'], run['environment'])


def module_action(version=CORE_VERSION):
    """The base of this collection's action plugins on ansible-core ``version``: InProcessModuleAction where
    the in-process path is tested, else ShippedModuleAction, which overrides nothing of ActionBase."""
    return InProcessModuleAction if core_adapter(version) is not None else ShippedModuleAction


ModuleAction = module_action()
