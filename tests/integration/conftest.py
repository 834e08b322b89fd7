# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the playbook harness importable by the integration tests, and share the playbook tests out between the
lanes of a two-lane `make test` (scripts/test.sh):

- ``every_lane`` tests run on every lane: they see what ansible-core or the lane's SDK decides (the in-process
  path, masking in the invocation at -vvv, the role's argument specs) or are the end-to-end witness of a
  module that no ansible-test target runs. Every test under ``in_process/`` is one.
- The other playbook tests prove the collection's own behaviour, the same under every supported ansible-core
  (the emulated tests and the ansible-test targets own what differs, on both lanes): each folder of them runs
  on one lane. FC_TEST_OTHER_LANE names the folders that run on the other lane (``role function_info``) and
  FC_TEST_OTHER_LANE_REASON says which; their tests are skipped here with that reason.
- ``pacing`` tests (mostly waiting at the emulator's rate limit) are skipped where FC_TEST_SKIP_PACING (its
  value: the reason) is set.

A one-lane run (``make integration``, ``make test-newest``) sets none of these and runs everything."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# Folders whose every test depends on the ansible-core of the lane.
EVERY_LANE_FOLDERS = ('in_process',)


def pytest_configure(config):
    config.addinivalue_line(
        'markers',
        'pacing: slow, mostly waiting at the rate limit of the emulator; skipped where '
        'the environment variable FC_TEST_SKIP_PACING (its value: the reason) is set',
    )
    config.addinivalue_line(
        'markers',
        'every_lane: runs on both lanes of a two-lane make test (it depends on the lane\'s ansible-core or SDK, '
        'or is the end-to-end witness of a module); the other playbook tests run on one lane (FC_TEST_OTHER_LANE)',
    )


def folder_of(item):
    """The folder of tests/integration that holds the test (``role``, ``batch_module``, ...)."""
    return os.path.relpath(str(item.fspath), HERE).split(os.sep)[0]


def pytest_collection_modifyitems(items):
    pacing = os.environ.get('FC_TEST_SKIP_PACING')
    other_lane = set(os.environ.get('FC_TEST_OTHER_LANE', '').split())
    other_lane_reason = os.environ.get('FC_TEST_OTHER_LANE_REASON', 'runs on the other lane of this run')
    for item in items:
        if pacing and item.get_closest_marker('pacing') is not None:
            item.add_marker(pytest.mark.skip(reason=pacing))
        folder = folder_of(item)
        if folder in other_lane and folder not in EVERY_LANE_FOLDERS and item.get_closest_marker('every_lane') is None:
            item.add_marker(pytest.mark.skip(reason=other_lane_reason))
