# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put tests/live on sys.path (live_harness, fc_account) and give its tests an emulator holding "the user's own"."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from live_harness import REGION, USERS_OWN  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def user_emulator(make_emulator):
    """An emulator of REGION holding USERS_OWN, its requests cleared."""
    emulator = make_emulator(region=REGION)
    emulator.seed(USERS_OWN)
    emulator.clear_requests()
    return emulator
