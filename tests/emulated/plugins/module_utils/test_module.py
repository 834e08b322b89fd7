# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_module.py: how every task ends (FC3Module.finish), run as a module's main() would run it, in-process."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._module import FC3Module


class Ending:
    """Stands for a module: its main() builds an FC3Module and ends it through ``end(module)``."""

    def __init__(self, end):
        self.end = end

    def main(self):
        self.end(FC3Module(argument_spec={}, supports_check_mode=True))


def answered_error():
    return FC3Error('function "f1" does not exist', code='FunctionNotFound', request_id='req-1', status_code=404)


def unanswered_error():
    return FC3Error('read timed out', code='RequestTimeout', traceback='Traceback (most recent call last):\n  ...\n')


def test_a_task_that_succeeds_returns_its_result_after_its_warnings(run_module, connection):
    run = run_module(
        Ending(lambda module: module.finish(dict(changed=True, value=1), ['first', None, 'second'])), connection
    )
    assert run.exit_code == 0 and run.result['changed'] is True and run.result['value'] == 1
    assert run.warnings() == ['first', 'second']
    assert 'failed' not in run.result


def test_a_failure_with_the_services_answer_has_no_traceback_of_its_own(run_module, connection):
    error = answered_error()
    run = run_module(
        Ending(
            lambda module: module.finish(
                dict(changed=False, error=error.to_dict()), ['careful'], failure='Failed to read', error=error
            )
        ),
        connection,
    )
    assert run.exit_code == 1 and run.result['failed'] is True and run.result['msg'] == 'Failed to read'
    assert run.result['error'] == {
        'code': 'FunctionNotFound',
        'message': 'function "f1" does not exist',
        'request_id': 'req-1',
        'status_code': 404,
    }
    assert run.warnings() == ['careful'] and run.module_traceback is None


def test_a_failure_without_an_answer_returns_where_it_came_from(run_module, connection):
    run = run_module(
        Ending(lambda module: module.finish(dict(changed=True), failure='Lost', error=unanswered_error())), connection
    )
    assert run.exit_code == 1 and run.result['changed'] is True
    assert run.module_traceback.startswith('Traceback (most recent call last)')


def test_fail_fc3_error_names_the_action_and_changed_nothing(run_module, connection):
    run = run_module(Ending(lambda module: module.fail_fc3_error(answered_error(), 'list the functions')), connection)
    assert run.exit_code == 1 and run.result['changed'] is False
    assert run.result['msg'].startswith('Failed to list the functions: FunctionNotFound: ')
    assert run.result['error']['request_id'] == 'req-1'


def test_a_password_in_a_url_option_is_masked_in_every_ending(run_module, connection):
    args = dict(connection, proxy='http://alice:hunter2@127.0.0.1:3128')
    for end in (
        lambda module: module.finish(dict(changed=False, echo=module.params['proxy'])),
        lambda module: module.finish(dict(changed=False, echo=module.params['proxy']), failure='no'),
    ):
        run = run_module(Ending(end), args)
        assert 'hunter2' not in run.text and run.result['echo'] == 'http://alice:********@127.0.0.1:3128'


def test_bad_connection_options_fail_before_any_request(run_module, connection, emulator):
    run = run_module(Ending(lambda module: module.client), dict(connection, region=None))
    assert run.exit_code == 1 and run.result['msg'].startswith('region is required')
    assert emulator.requests == []
