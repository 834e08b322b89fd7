# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator the connection tests share: f1 with a stored config (2 retry attempts), f2 without one."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest


@pytest.fixture(name='emu')
def _emu(emulator):
    emulator.seed(
        {
            'functions': [{'name': 'f1'}, {'name': 'f2'}],
            'async_configs': [{'function_name': 'f1', 'config': {'maxAsyncRetryAttempts': 2}}],
        }
    )
    emulator.clear_requests()
    return emulator
