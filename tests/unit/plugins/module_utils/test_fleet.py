# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_fleet.py without a request: every problem of a batch's input named before any request, and the defaults an
item takes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._fleet import input_errors, item_params

from module_inputs import DLQ_ARN, NEXT_FUNCTION_ARN, fleet_defaults, fleet_item


@pytest.mark.parametrize(
    'configs, expected',
    [
        (
            [fleet_item('f1', max_async_retry_attempts=9)],
            'configs[0].max_async_retry_attempts must be between 0 and 8; got 9',
        ),
        (
            [
                fleet_item('f1'),
                fleet_item(
                    'f2', destination_config={'on_success': {'destination': 'arn:aws:sqs:x'}, 'on_failure': None}
                ),
            ],
            'configs[1].destination_config.on_success.destination must be an ARN',
        ),
        (
            [fleet_item('f1'), fleet_item('f2'), fleet_item('f1')],
            "configs[2] repeats function 'f1' qualifier LATEST of configs[0]",
        ),
        (
            [fleet_item('f1', qualifier='prod'), fleet_item('f1', qualifier='prod', state='absent')],
            'configs[1] repeats',
        ),
        ([fleet_item('bad name')], 'configs[0].function_name must be'),
    ],
)
def test_invalid_items_are_named(configs, expected):
    problems = input_errors(configs, fleet_defaults(), 8)
    assert len(problems) == 1 and expected in problems[0], problems


def test_invalid_defaults_and_concurrency_are_named():
    problems = input_errors([fleet_item('f1')], fleet_defaults(max_async_event_age_in_seconds=0), 65)
    assert problems == [
        'defaults.max_async_event_age_in_seconds must be between 1 and 604800; got 0',
        'concurrency must be between 1 and 64; got 65',
    ]


def test_defaults_fill_what_an_item_leaves_out_and_destinations_are_replaced_whole():
    base = fleet_defaults(
        max_async_retry_attempts=2,
        async_task=True,
        destination_config={'on_success': {'destination': NEXT_FUNCTION_ARN}, 'on_failure': {'destination': DLQ_ARN}},
    )
    merged = item_params(
        fleet_item(
            'f1', max_async_retry_attempts=0, destination_config={'on_failure': {'destination': NEXT_FUNCTION_ARN}}
        ),
        base,
    )
    assert merged['max_async_retry_attempts'] == 0 and merged['async_task'] is True
    assert merged['destination_config'] == {'on_failure': {'destination': NEXT_FUNCTION_ARN}}
    assert item_params(fleet_item('f1', destination_config={}), base)['destination_config'] == {}
    assert item_params(fleet_item('f1'), base)['destination_config'] == base['destination_config']
