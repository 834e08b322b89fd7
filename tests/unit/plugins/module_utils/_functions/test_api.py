# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_functions/api.py without a request: the filters as the service gets them (the calls: tests/emulated)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._functions.api import service_filters


def test_service_filters_leave_out_name_regex_and_send_tag_values_as_text():
    assert service_filters({'prefix': 'a', 'name_regex': 'x', 'tags': {'tier': 1, 'team': 'p'}}) == {
        'prefix': 'a',
        'tags': {'tier': '1', 'team': 'p'},
        'runtime': None,
        'resource_group_id': None,
        'fc_version': None,
    }
