# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the playbook harness importable by the integration tests, give it a scratch directory of this session,
and skip the ``pacing`` tests where FC_TEST_SKIP_PACING says why (scripts/test.sh runs them on one lane)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import harness  # noqa: E402  pylint: disable=wrong-import-position


def pytest_configure(config):
    config.addinivalue_line('markers', 'pacing: slow, mostly waiting at the rate limit of the emulator; skipped where '
                                       'the environment variable FC_TEST_SKIP_PACING (its value: the reason) is set')


def pytest_collection_modifyitems(items):
    reason = os.environ.get('FC_TEST_SKIP_PACING')
    if reason:
        for item in items:
            if item.get_closest_marker('pacing') is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope='session', autouse=True)
def _harness_scratch(tmp_path_factory):
    """Where base_environment puts the home and Ansible's files of a run that names no directory of its own."""
    harness.SESSION_SCRATCH[:] = [str(tmp_path_factory.mktemp('ansible-home'))]
    yield
    del harness.SESSION_SCRATCH[:]
