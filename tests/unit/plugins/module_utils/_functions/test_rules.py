# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_functions/rules.py: the filter checks, as tables."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._functions.rules import describe_filters, input_errors


@pytest.mark.parametrize(
    'params, expected',
    [
        ({}, []),
        (
            {
                'prefix': 'orders-',
                'tags': {'team': 'payments', 'tier': 1},
                'name_regex': '^a',
                'runtime': 'python3.10',
                'resource_group_id': 'rg-1',
                'fc_version': 'v3',
            },
            [],
        ),
        ({'tags': {'team': ''}}, []),
        ({'prefix': ''}, ['prefix must not be empty (leave it out to not filter by it)']),
        ({'prefix': '  '}, ['prefix must not be empty (leave it out to not filter by it)']),
        ({'runtime': ''}, ['runtime must not be empty (leave it out to not filter by it)']),
        (
            {'resource_group_id': '', 'fc_version': ''},
            [
                'resource_group_id must not be empty (leave it out to not filter by it)',
                'fc_version must not be empty (leave it out to not filter by it)',
            ],
        ),
        ({'name_regex': ''}, ['name_regex must not be empty (leave it out to not filter by it)']),
        (
            {'name_regex': 'orders-(['},
            ["name_regex is not a valid regular expression: unterminated character set at position 8 ('orders-([')"],
        ),
        ({'tags': {}}, ['tags must name at least one tag (leave it out to not filter by tags)']),
        ({'tags': {'': 'payments'}}, ['tags has an empty key; a tag key must not be empty']),
        ({'tags': {'team': None}}, ['tags.team must be a string (a tag value), got None']),
        ({'tags': {'team': True}}, ['tags.team must be a string (a tag value), got True']),
        ({'tags': {'team': ['a']}}, ["tags.team must be a string (a tag value), got ['a']"]),
    ],
)
def test_input_errors_name_the_option(params, expected):
    assert input_errors(params) == expected


def test_input_errors_put_the_prefix_before_the_name():
    assert input_errors({'prefix': '', 'tags': {'': 'x'}}, 'async_invoke_policy_select.') == [
        'async_invoke_policy_select.prefix must not be empty (leave it out to not filter by it)',
        'async_invoke_policy_select.tags has an empty key; a tag key must not be empty',
    ]


def test_describe_filters():
    assert (
        describe_filters({'prefix': 'orders-', 'tags': {'team': 'payments'}, 'runtime': None})
        == "prefix='orders-', tags={'team': 'payments'}"
    )
    assert describe_filters({}) == 'no filter'
