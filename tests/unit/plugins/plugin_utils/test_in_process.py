# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process decision and the worker state around one run of main(), without an emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common import warnings

from ansible_collections.alicloud.fc.plugins.plugin_utils._in_process import (
    core_version,
    refusal,
    run_main,
    same_python,
)

# The serialization profile a shipped Python module gets: none before ansible-core 2.19.
PROFILE = 'legacy' if core_version() >= (2, 19) else None

ELIGIBLE = dict(
    switch=None,
    connection='local',
    become=False,
    async_val=0,
    environment={'ALIBABA_CLOUD_REGION_ID': 'x'},
    interpreter=sys.executable,
    executable=sys.executable,
    version=(2, 16),
    sdk_error=None,
)


def facts(**change):
    values = dict(ELIGIBLE)
    values.update(change)
    return values


def test_an_eligible_task_runs_in_process():
    assert refusal(**ELIGIBLE) is None
    assert refusal(**facts(switch=True, version=(2, 21))) is None


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
        ({'version': (2, 15)}, 'ansible-core 2.15 is outside the tested 2.16 to 2.21'),
        ({'version': (2, 22)}, 'ansible-core 2.22 is outside the tested 2.16 to 2.21'),
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
