# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the docs and packaging tests: the build directory and the artifact of this run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import pytest


@pytest.fixture(scope='session')
def build_dir():
    path = os.environ.get('BUILD_DIR')
    if not path:
        pytest.fail('BUILD_DIR is not set: run these tests through `make test`')
    return path


@pytest.fixture(scope='session')
def artifact(build_dir):  # pylint: disable=redefined-outer-name
    """The collection artifact `ansible-galaxy collection build` wrote for this run."""
    found = glob.glob(os.path.join(build_dir, 'dist', 'alicloud-fc-*.tar.gz'))
    assert len(found) == 1, found
    return found[0]
