# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process decision and the worker state around one run of main(), without an emulator.

scripts/test.sh runs this file on every tested ansible-core minor (the lanes and MIDDLE_CORES), so the checks
of the private core names and of the adapters below run on each."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json
import os
import re
import sys

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common import warnings
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.alicloud.fc.plugins.plugin_utils._in_process import (
    PRIVATE_NAMES,
    TESTED_CORE,
    InProcessModuleAction,
    ModuleAction,
    ShippedModuleAction,
    core_adapter,
    core_refusal,
    core_version,
    module_action,
    refusal,
    run_main,
    same_python,
)

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
# The serialization profile a shipped Python module gets on this core: none before ansible-core 2.19.
PROFILE = core_adapter().profile
# What InProcessModuleAction overrides of ActionBase, beside run().
HOOKS = ('_is_pipelining_enabled', '_update_module_args', '_configure_module', '_low_level_execute_command')

ELIGIBLE = dict(
    switch=None,
    connection='local',
    become=False,
    async_val=0,
    environment={'ALIBABA_CLOUD_REGION_ID': 'x'},
    interpreter=sys.executable,
    executable=sys.executable,
    sdk_error=None,
)


def facts(**change):
    values = dict(ELIGIBLE)
    values.update(change)
    return values


def test_an_eligible_task_runs_in_process():
    assert refusal(**ELIGIBLE) is None
    assert refusal(**facts(switch=True)) is None


@pytest.mark.parametrize(
    'change, reason',
    [
        ({'switch': False}, 'alicloud_fc_in_process is false'),
        ({'connection': 'ssh'}, 'the connection is ssh, not local'),
        ({'become': True}, 'become is set'),
        ({'async_val': 10}, 'async is set'),
        (
            {'environment': {'PYTHONPATH': '/x', 'LD_PRELOAD': 'y', 'HOME': '/'}},
            'environment sets LD_PRELOAD, PYTHONPATH',
        ),
        ({'interpreter': None}, 'the Python interpreter is discovered'),
        ({'interpreter': 'auto_silent'}, 'the Python interpreter is discovered'),
        ({'interpreter': '/usr/bin/python3.0'}, "the Python interpreter /usr/bin/python3.0 is not the controller's"),
        (
            {'sdk_error': 'No module named alibabacloud_fc20230330'},
            "the controller's Python cannot import the module: No module",
        ),
    ],
)
def test_each_reason_to_ship_the_module(change, reason):
    assert refusal(**facts(**change)).startswith(reason)


@pytest.mark.parametrize('version', ['2.15.13', '2.22.0', '2.22.0.dev0', '3.0.0'])
def test_an_untested_core_ships_every_module_and_says_why(version):
    assert core_refusal(version) == (
        'ansible-core %s is not one the in-process path is tested on (2.16, 2.17, 2.18, 2.19, 2.20, 2.21)' % version
    )
    assert core_adapter(version) is None
    base = module_action(version)
    assert base is ShippedModuleAction
    # Core's normal action, only run() added (one -vvv line): no hook of ActionBase is this collection's.
    assert [name for name, value in vars(base).items() if callable(value) and not name.startswith('__')] == ['run']
    for name in HOOKS + ('_execute_module', '_compute_environment_string'):
        assert getattr(base, name) is getattr(NormalAction, name), name


@pytest.mark.parametrize('version', ['2.16.0', '2.17.14', '2.18.19', '2.19.0b1', '2.20.10', '2.21.5'])
def test_a_tested_core_runs_modules_in_process(version):
    assert core_refusal(version) is None
    assert module_action(version) is InProcessModuleAction
    for name in HOOKS:
        assert getattr(InProcessModuleAction, name) is not getattr(NormalAction, name), name


def test_this_core_is_tested_and_its_action_base_chosen():
    assert core_version() in TESTED_CORE
    assert ModuleAction is InProcessModuleAction and core_refusal() is None


@pytest.mark.parametrize(
    'name',
    ['fcv3_async_invoke_config', 'fcv3_async_invoke_config_info', 'fcv3_async_invoke_configs', 'fcv3_function_info'],
)
def test_each_action_plugin_is_the_action_base_alone(name):
    plugin = importlib.import_module('ansible_collections.alicloud.fc.plugins.action.' + name).ActionModule
    assert plugin.__bases__ == (ModuleAction,)
    assert [key for key, value in vars(plugin).items() if callable(value) and not key.startswith('__')] == []


def lane_minors():
    """The ansible-core minors scripts/test.sh runs the equivalence suite on: the oldest and newest lanes and
    MIDDLE_CORES (scripts/lib.sh), read from each lane's pinned ansible-core."""
    with open(os.path.join(COLLECTION_ROOT, 'scripts', 'lib.sh')) as handle:
        middle = re.search(r'^MIDDLE_CORES="([^"]*)"', handle.read(), re.M).group(1).split()
    minors = set()
    for lane in ['oldest', 'newest'] + middle:
        with open(os.path.join(COLLECTION_ROOT, 'tests', 'constraints-%s.txt' % lane)) as handle:
            minors.add(core_version(re.search(r'^ansible-core==(\S+)$', handle.read(), re.M).group(1)))
    return sorted(minors)


def test_the_tested_set_is_every_minor_the_equivalence_suite_runs_on():
    assert lane_minors() == list(TESTED_CORE)
    assert TESTED_CORE == tuple((2, minor) for minor in range(16, 22))


def resolve(dotted):
    """The object a dotted name such as ``ansible.module_utils.basic._ANSIBLE_ARGS`` names, or AttributeError."""
    parts = dotted.split('.')
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module('.'.join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            annotations = getattr(found, '__annotations__', {}) if isinstance(found, type) else {}
            # An attribute core only declares on the class (AnsiblePlugin._load_name: set on each plugin).
            found = annotations[part] if part in annotations and not hasattr(found, part) else getattr(found, part)
        return found
    raise AttributeError(dotted)


@pytest.mark.parametrize('name, minors', PRIVATE_NAMES, ids=[name for name, _minors in PRIVATE_NAMES])
def test_each_private_core_name_is_there_on_this_core(name, minors):
    if core_version() in minors:
        resolve(name)
    else:
        with pytest.raises((AttributeError, ImportError)):
            resolve(name)


def test_the_private_names_are_the_adapters_and_the_overridden_hooks():
    assert len(PRIVATE_NAMES) == 11
    hooks = set(name.rsplit('.', 1)[1] for name, _minors in PRIVATE_NAMES if '.ActionBase.' in name)
    assert hooks == set(HOOKS) | {'_compute_environment_string'}
    for hook in hooks:
        assert hasattr(ActionBase, hook)


def test_the_adapter_hands_over_arguments_and_forgets_them():
    from ansible.module_utils import basic

    core = core_adapter()
    core.hand_over({'name': 'x', '_ansible_check_mode': True}, PROFILE)
    module = AnsibleModule(argument_spec={'name': {'type': 'str'}}, supports_check_mode=True)
    assert (module.params['name'], module.check_mode) == ('x', True)
    module.warn('left behind')
    core.reset()
    assert basic._ANSIBLE_ARGS is None and not warnings.get_warning_messages()
    assert getattr(basic, '_ANSIBLE_PROFILE', None) is None


def test_same_python_is_the_same_environment_not_the_same_base(tmp_path):
    venv_a, venv_b = tmp_path / 'a' / 'bin', tmp_path / 'b' / 'bin'
    for directory in (venv_a, venv_b):
        directory.mkdir(parents=True)
        (directory / 'python').symlink_to(sys.executable)
    (venv_a / 'python3').symlink_to('python')
    assert same_python(str(venv_a / 'python3'), str(venv_a / 'python'))
    assert not same_python(str(venv_b / 'python'), str(venv_a / 'python'))
    assert not same_python(os.path.realpath(sys.executable), str(venv_a / 'python'))
    assert not same_python('python3', sys.executable)
    assert not same_python('', sys.executable)


def module_main(spec=None, action=None):
    """A module's main(): its arguments come from the controller's encoding, as shipped."""

    def main():
        module = AnsibleModule(argument_spec=spec or {'name': {'type': 'str'}}, supports_check_mode=True)
        if action:
            action(module)
        module.exit_json(changed=False, name=module.params['name'], check=module.check_mode)

    return main


def result_of(run):
    assert run['stderr'] == ''
    return json.loads(run['stdout'])


def test_arguments_reach_the_module_and_the_result_comes_back():
    run = run_main(module_main(), {'name': 'x', '_ansible_check_mode': True}, PROFILE, {})
    assert run['rc'] == 0
    result = result_of(run)
    assert (result['name'], result['check']) == ('x', True)


def test_a_warning_belongs_to_its_run_only():
    run = run_main(module_main(action=lambda module: module.warn('only here')), {'name': 'x'}, PROFILE, {})
    # ansible-core 2.19+ knows it runs on the controller and hands the warning to Display, which a
    # worker adds to the task's result; 2.16 returns it in the module's result.
    shown = json.loads(run['stdout']).get('warnings', []) + run['stderr'].splitlines()
    assert [line for line in shown if 'only here' in line] == [shown[0]] and len(shown) == 1
    assert 'warnings' not in result_of(run_main(module_main(), {'name': 'x'}, PROFILE, {}))
    assert not warnings.get_warning_messages()


def test_the_worker_state_is_restored_after_a_run(tmp_path):
    seen = {}
    before_env, before_cwd = dict(os.environ), os.getcwd()
    before_streams = sys.stdin, sys.stdout, sys.stderr

    def change_everything(module):
        seen['env'] = os.environ.get('ALIBABA_CLOUD_REGION_ID')
        os.environ['LEFT_BEHIND'] = '1'
        os.environ.pop('HOME', None)
        os.chdir(str(tmp_path))
        sys.stderr.write('noise')

    run = run_main(
        module_main(action=change_everything), {'name': 'x'}, PROFILE, {'ALIBABA_CLOUD_REGION_ID': 'cn-test'}
    )
    assert seen['env'] == 'cn-test'
    assert run['stderr'] == 'noise' and json.loads(run['stdout'])['name'] == 'x'
    assert dict(os.environ) == before_env
    assert os.getcwd() == before_cwd
    assert (sys.stdin, sys.stdout, sys.stderr) == before_streams


@pytest.mark.parametrize('code, rc, stderr', [(None, 0, ''), (3, 3, ''), ('bye', 1, 'bye\n')])
def test_sys_exit_gives_the_process_status(code, rc, stderr):
    run = run_main(lambda: sys.exit(code), {}, PROFILE, {})
    assert (run['rc'], run['stderr']) == (rc, stderr)


def test_an_exception_gives_what_the_module_process_prints():
    def crash():
        raise KeyError('boom')

    run = run_main(crash, {}, PROFILE, {})
    assert run['rc'] == 1
    if PROFILE is None:
        assert run['stdout'] == '' and run['stderr'].startswith('Traceback') and "KeyError: 'boom'" in run['stderr']
    else:
        result = json.loads(run['stdout'])
        assert result['failed'] is True and 'boom' in json.dumps(result['exception'])


def test_main_that_returns_is_a_failure():
    run = run_main(lambda: None, {}, PROFILE, {})
    assert run['rc'] == 1
    assert 'did not handle its own exit' in run['stdout']


def test_a_timeout_passes_through_with_the_state_restored():
    class Timeout(BaseException):
        pass

    def hang():
        os.environ['DURING'] = '1'
        raise Timeout()

    with pytest.raises(Timeout):
        run_main(hang, {}, PROFILE, {})
    assert 'DURING' not in os.environ
