# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the playbook harness importable by the integration tests, and skip the ``pacing`` tests where
FC_TEST_SKIP_PACING says why (scripts/test.sh runs them on one lane)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)


def pytest_configure(config):
    config.addinivalue_line(
        'markers',
        'pacing: slow, mostly waiting at the rate limit of the emulator; skipped where '
        'the environment variable FC_TEST_SKIP_PACING (its value: the reason) is set',
    )


def pytest_collection_modifyitems(items):
    reason = os.environ.get('FC_TEST_SKIP_PACING')
    if reason:
        for item in items:
            if item.get_closest_marker('pacing') is not None:
                item.add_marker(pytest.mark.skip(reason=reason))
