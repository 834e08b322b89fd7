# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures: proxy-free environment, a local FC3 emulator and real SDK clients against it.

``tests/emulator`` is put on ``sys.path`` so tests can ``from fc3_emulator import Emulator``, and ``tests`` so
that they can ``from clean_env import clean_environment``.
The Alibaba Cloud SDK is imported lazily (only by the ``fc_client`` fixture).
"""

import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
for path in (os.path.join(TESTS_DIR, 'emulator'), TESTS_DIR):
    if path not in sys.path:
        sys.path.insert(0, path)

from clean_env import is_proxy_variable  # noqa: E402  pylint: disable=wrong-import-position
from fc3_emulator import Emulator  # noqa: E402  pylint: disable=wrong-import-position

ACCESS_KEY_ID = 'AKIDEXAMPLE'
ACCESS_KEY_SECRET = 'SECRETEXAMPLE'
STS_ACCESS_KEY_ID = 'STS.EXAMPLE'
STS_SECRET = 'STSSECRET'
STS_TOKEN = 'STSTOKEN'
REGION = 'cn-hangzhou'
ACCOUNT_ID = '1234567890123456'


@pytest.fixture(scope='session', autouse=True)
def _no_proxy_env():
    """The SDK honours *_proxy but ignores NO_PROXY: remove them all for the run."""
    saved = {name: os.environ.pop(name) for name in list(os.environ) if is_proxy_variable(name)}
    yield
    os.environ.update(saved)


@pytest.fixture
def make_emulator():
    """Factory: ``make_emulator(**kwargs)`` returns a started Emulator (port 0), stopped after the test."""
    started = []

    def make(**kwargs):
        options = {
            'host': '127.0.0.1',
            'port': 0,
            'region': REGION,
            'account_id': ACCOUNT_ID,
            'credentials': {ACCESS_KEY_ID: ACCESS_KEY_SECRET},
            'sts_credentials': {STS_ACCESS_KEY_ID: (STS_SECRET, STS_TOKEN)},
        }
        options.update(kwargs)
        emu = Emulator(**options).start()
        started.append(emu)
        return emu

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture
def emulator(make_emulator):  # pylint: disable=redefined-outer-name
    """A fresh, started emulator with default options."""
    return make_emulator()


@pytest.fixture
def fc_client(emulator):  # pylint: disable=redefined-outer-name
    """Factory for real ``alibabacloud_fc20230330`` clients pointed at the emulator.

    ``fc_client(access_key_id=..., access_key_secret=..., security_token=..., emu=other_emulator, **config_kwargs)``;
    defaults to the static access key of the ``emulator`` fixture.
    """
    from alibabacloud_fc20230330.client import Client  # pylint: disable=import-outside-toplevel
    from alibabacloud_tea_openapi.models import Config  # pylint: disable=import-outside-toplevel

    def make(
        access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET, security_token=None, emu=None, **config_kwargs
    ):
        target = emu if emu is not None else emulator
        options = {
            'endpoint': target.endpoint,
            'protocol': 'http',
            'region_id': target.region,
            'access_key_id': access_key_id,
            'access_key_secret': access_key_secret,
        }
        if security_token is not None:
            options['security_token'] = security_token
        options.update(config_kwargs)
        return Client(Config(**options))

    return make
