# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_fleet.py without a request: every problem of a batch's input named before any request, the defaults an
item takes, when the region is read by the page, and how the summary counts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._fleet import (
    FleetResult,
    input_errors,
    item_params,
    page_budget,
    per_function_lists,
    per_item_reads,
)
from ansible_collections.alicloud.fc.plugins.module_utils._reconcile import ItemResult

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


# ------------------------------------------------------------------ pages or per-item reads


@pytest.mark.parametrize(
    'reads, budget',
    [
        (0, 0),
        (5, 0),  # a small task reads per item, whatever the region holds
        (99, 0),
        (100, 50),
        (1000, 500),  # 1,000 no-ops in a region of up to 50,000 configs: at most 500 pages
        (3001, 1500),
    ],
)
def test_a_task_pages_only_from_100_reads_and_at_most_half_of_them(reads, budget):
    assert page_budget(reads) == budget


@pytest.mark.parametrize('reads', [100, 150, 1000, 5000])
@pytest.mark.parametrize('region_pages', [1, 10, 49, 50, 51, 300, 100000])
def test_the_regret_of_paging_is_bounded(reads, region_pages):
    # Worst case: the pages read hold none of the items, which are then read one by one.
    budget = page_budget(reads)
    pages = min(region_pages, budget)
    worst = pages + (reads if region_pages > budget else 0)
    assert worst <= 1.5 * reads
    if region_pages <= budget:
        assert worst == region_pages  # every item's config on the pages: nothing else to read


def test_what_reading_without_pages_costs():
    items = [
        item_params(fleet_item(name, qualifier=qualifier), {})
        for name, qualifier in (('f1', 'LATEST'), ('f1', 'prod'), ('f2', 'LATEST'))
    ]
    assert per_item_reads(items) == 3
    assert per_function_lists(items) == 2


# ------------------------------------------------------------------ summary


def item(state, changed, before=None, error=None):
    result = ItemResult('f', 'LATEST', state)
    result.changed, result.before = changed, before
    if error is not None:
        result.fail(error, 'write')
    return result


def test_the_summary_counts_every_result_once_and_says_it_in_one_line():
    refused = FC3Error('no', code='AccessDenied', status_code=403)
    items = [
        item('present', True),
        item('present', True, before={'async_task': False}),
        item('present', False, before={'async_task': False}),
        item('absent', True, before={'async_task': False}),
        item('absent', False),
        item('present', False, error=refused),
        # A write whose outcome is unknown may have been applied: it counts as failed, not as a change.
        item('present', True, before={'async_task': False}, error=refused),
    ]
    fleet = FleetResult(items[:5], items[5:], [])
    assert fleet.summary == {'created': 1, 'updated': 1, 'deleted': 1, 'unchanged': 2, 'failed': 2}
    assert fleet.summary_line() == '1 created, 1 updated, 1 deleted, 2 unchanged, 2 failed'
    assert FleetResult([], [], []).summary_line() == '0 created, 0 updated, 0 deleted, 0 unchanged, 0 failed'
