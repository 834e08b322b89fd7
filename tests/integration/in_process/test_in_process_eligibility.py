# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 15, behaviour 8: whenever running in the worker might differ, the module is shipped, and
-vvv says why; issue 24: on an ansible-core the in-process path is not tested on, every module is."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

from equivalence import IN_PROCESS_LINE, SHIPPED_LINE, keep_results, run

INFO = 'alicloud.fc.fcv3_async_invoke_config_info'
BASE_PYTHON = os.path.realpath(sys.executable)  # the venv's base Python: same version, without the SDK

CASES = [
    # (task name, task keywords, expected -vvv line)
    ('default', {}, IN_PROCESS_LINE),
    (
        'other_interpreter',
        {'vars': {'ansible_python_interpreter': BASE_PYTHON}},
        SHIPPED_LINE + "the Python interpreter %s is not the controller's" % BASE_PYTHON,
    ),
    (
        'discovered',
        {'vars': {'ansible_python_interpreter': 'auto_silent'}},
        SHIPPED_LINE + 'the Python interpreter is discovered',
    ),
    ('become', {'become': True, 'become_method': 'su'}, SHIPPED_LINE + 'become is set'),
    ('asynchronous', {'async': 30, 'poll': 1}, SHIPPED_LINE + 'async is set'),
    (
        'python_env',
        {'environment': {'PYTHONDONTWRITEBYTECODE': '1'}},
        SHIPPED_LINE + 'environment sets PYTHONDONTWRITEBYTECODE',
    ),
    ('switched_off', {'vars': {'alicloud_fc_in_process': False}}, SHIPPED_LINE + 'alicloud_fc_in_process is false'),
    ('switched_off_text', {'vars': {'alicloud_fc_in_process': 'no'}}, SHIPPED_LINE + 'alicloud_fc_in_process is false'),
    (
        'remote',
        {
            'connection': 'ssh',
            'vars': {'ansible_host': '192.0.2.1', 'ansible_ssh_timeout': 1},
            'ignore_unreachable': True,
        },
        SHIPPED_LINE + 'the connection is ssh, not local',
    ),
]


def seeded(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}],
            'async_configs': [{'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    emulator.clear_requests()


def plays_for(cases):
    tasks = [
        dict({'name': name, INFO: {'function_name': 'f1'}, 'register': name, 'ignore_errors': True}, **keywords)
        for name, keywords, _line in cases
    ]
    return [
        {
            'name': 'Eligibility',
            'hosts': 'localhost',
            'connection': 'local',
            'gather_facts': False,
            'module_defaults': {'group/alicloud.fc.fcv3': {'region': '{region}', 'endpoint': '{url}'}},
            'tasks': tasks + [keep_results(dict((name, name) for name, _keywords, _line in cases))],
        }
    ]


def task_output(stdout, name):
    """The -vvv output of the task ``name``."""
    return stdout.split('TASK [%s]' % name, 1)[1].split('TASK [', 1)[0]


def test_each_reason_ships_the_module_and_says_why(emulator, tmp_path):
    seeded(emulator)
    outcome = run(tmp_path, plays_for(CASES), emulator, extra_args=['-vvv'])
    assert outcome.results is not None, outcome.stdout
    for name, _keywords, line in CASES:
        output = task_output(outcome.stdout, name)
        assert line in output, (name, output)
        assert (IN_PROCESS_LINE in output) is (line == IN_PROCESS_LINE), name
    results = outcome.results
    for name in ('default', 'become', 'asynchronous', 'python_env', 'switched_off', 'switched_off_text'):
        assert results[name]['async_invoke_configs'][0]['max_async_retry_attempts'] == 2, (name, results[name])
    # Shipped to a Python without the SDK: that Python's failure, which running here would not have had.
    assert results['other_interpreter']['failed'] is True
    assert (
        BASE_PYTHON in results['other_interpreter']['msg']
        and 'alibabacloud-fc20230330' in results['other_interpreter']['msg']
    )
    assert results['remote']['unreachable'] is True


def without_the_sdk(tmp_path):
    """A PYTHONPATH directory on which the SDK cannot be imported, as on a controller without it."""
    blocked = tmp_path / 'no-sdk'
    (blocked / 'alibabacloud_fc20230330').mkdir(parents=True)
    (blocked / 'alibabacloud_fc20230330' / '__init__.py').write_text(
        'raise ImportError("the SDK is not installed here")\n'
    )
    return str(blocked)


def an_untested_core(tmp_path, version):
    """A PYTHONPATH directory on which ansible-core says it is ``version``: only tested cores are installed."""
    site = tmp_path / 'untested-core'
    site.mkdir(parents=True)
    (site / 'sitecustomize.py').write_text('import ansible.release\n\nansible.release.__version__ = %r\n' % version)
    return str(site)


def test_an_untested_core_ships_the_modules_and_says_why(emulator, tmp_path):
    """Two of the four modules (a config and a function module): each action plugin is ModuleAction alone
    (tests/unit/plugins/plugin_utils/test_in_process.py)."""
    seeded(emulator)
    line = SHIPPED_LINE + 'ansible-core 2.22.0 is not one the in-process path is tested on (%s)' % ', '.join(
        '2.%d' % minor for minor in range(16, 22)
    )
    tasks = [
        ('single', 'alicloud.fc.fcv3_async_invoke_config', {'function_name': 'f1', 'max_async_retry_attempts': 2}),
        ('functions', 'alicloud.fc.fcv3_function_info', {}),
    ]
    plays = plays_for([])
    plays[0]['tasks'][:0] = [{'name': name, module: args, 'register': name} for name, module, args in tasks]
    plays[0]['tasks'][-1] = keep_results(dict((name, name) for name, _module, _args in tasks))
    outcome = run(
        tmp_path / 'run',
        plays,
        emulator,
        extra_args=['-vvv'],
        env_overrides={'PYTHONPATH': an_untested_core(tmp_path, '2.22.0')},
    )
    assert outcome.returncode == 0, outcome.stdout
    assert 'ansible-playbook [core 2.22.0]' in outcome.stdout  # what core says it is
    for name, module, _args in tasks:
        output = task_output(outcome.stdout, name)
        assert line in output and IN_PROCESS_LINE not in output, (name, output)
        # Written out and started as a process, as core ships any module.
        assert 'AnsiballZ_%s.py' % module.rsplit('.', 1)[1] in output, (name, output)
    results = outcome.results
    assert results['single']['changed'] is False
    assert results['single']['async_invoke_config']['max_async_retry_attempts'] == 2
    assert [function['function_name'] for function in results['functions']['functions']] == ['f1']
    assert [request['method'] for request in emulator.requests if request['method'] != 'GET'] == []


def test_ansible_doc_needs_no_sdk(tmp_path):
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [without_the_sdk(tmp_path), os.environ.get('PYTHONPATH')]))
    )
    for module in (
        'fcv3_async_invoke_config',
        'fcv3_async_invoke_config_info',
        'fcv3_async_invoke_configs',
        'fcv3_function_info',
    ):
        result = subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), 'alicloud.fc.' + module],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout
        assert 'alibabacloud-fc20230330 >= 4.7.0' in result.stdout, result.stdout


def test_a_controller_without_the_sdk_ships_the_module(emulator, tmp_path):
    blocked = without_the_sdk(tmp_path)
    seeded(emulator)
    cases = [
        ('no_sdk', {}, SHIPPED_LINE + "the controller's Python cannot import the module: the SDK is not installed here")
    ]
    outcome = run(
        tmp_path / 'run', plays_for(cases), emulator, extra_args=['-vvv'], env_overrides={'PYTHONPATH': str(blocked)}
    )
    assert cases[0][2] in task_output(outcome.stdout, 'no_sdk'), outcome.stdout
    assert outcome.results['no_sdk']['failed'] is True
    assert 'alibabacloud-fc20230330>=4.7.0' in outcome.results['no_sdk']['msg']
    assert emulator.requests == []
