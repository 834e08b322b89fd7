# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules end to end: ansible-playbook, the installed collection, the real SDK and the emulator; outcomes
checked in the registered result, the output and the emulator's log. Connection settings, credentials and
proxies: tests/integration/connection; the batch module: tests/integration/batch_module.

The task-by-task walks of each module live in the ansible-test targets (tests/integration/targets), which
`ansible-test integration` runs on both lanes (scripts/lib.sh run_integration_targets); what a module returns
and sends is owned by its main() tests (tests/emulated/plugins/modules). Here: what only a playbook run shows.
A module without the SDK: tests/integration/in_process (test_each_reason_ships_the_module_and_says_why,
test_a_controller_without_the_sdk_ships_the_module); ansible-doc of the installed collection:
tests/integration/in_process (test_ansible_doc_needs_no_sdk) and ansible-test sanity."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


import pytest

from harness import result_of, run_playbook, task_playbook


def seed_one(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}],
            'async_configs': [{'function_name': 'f1', 'qualifier': 'LATEST', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    emulator.clear_requests()


# How a module's warning reaches the user changed in ansible-core 2.19 (and 2.16 wraps it over lines): every lane.
# The info module's own cases: tests/emulated/plugins/modules/test_fcv3_async_invoke_config_info.py.
@pytest.mark.every_lane
def test_a_misspelt_function_is_not_silently_taken_for_no_config(emulator, tmp_path):
    seed_one(emulator)
    task = {'alicloud.fc.fcv3_async_invoke_config': {'function_name': 'f1x', 'state': 'absent'}}
    result = run_playbook(tmp_path, task_playbook(emulator, task))
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True and outcome['changed'] is False, outcome
    assert outcome.get('async_invoke_configs', []) == []
    output = ' '.join(result.stdout.split())  # ansible-core 2.16 wraps a long warning over lines
    assert "[WARNING]: The service says function 'f1x'" in output, result.stdout
    assert 'does not exist (FunctionNotFound' in output
    assert [request['status'] for request in emulator.requests] == [404]
