# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fc_account.py, the only way the live suite and the probe make requests of their own: the prefix guard, the
operations allowed, the names it makes, a config's qualifier from either ARN form, and a cleanup that finds
what an interruption lost (against the emulator, through the real SDK)."""

import re

import pytest

from fc_account import Account, Connection, qualifier_of, run_prefix
from live_harness import live_environment


@pytest.fixture(name='account')
def _account(user_emulator, tmp_path):
    client = Connection(live_environment(tmp_path, user_emulator.url)).sdk_client()
    return Account(client, 'fctest-0101000000-abcdef-', say=lambda text: None)


def test_a_name_without_the_prefix_is_refused_before_any_request(account, user_emulator):
    for work in (
        lambda: account.get_config('orders'),
        lambda: account.delete_config('orders', 'prod'),
        lambda: account.create_function('orders'),
        lambda: account.list_configs('fclive-0101000000-abcdef-a'),
    ):
        with pytest.raises(RuntimeError, match='prefix'):
            work()
    assert user_emulator.requests == []


def test_an_operation_the_interface_does_not_list_is_refused(account, user_emulator):
    with pytest.raises(RuntimeError, match='list_function_versions'):
        account.call('list_function_versions', account.prefix + 'a', None)
    assert user_emulator.requests == []


def test_run_prefixes_are_unique_valid_names():
    first, second = run_prefix('fclive'), run_prefix('fclive')
    assert first != second
    assert re.match(r'^[a-zA-Z][a-zA-Z0-9-]*-$', first) and len(first + 'a') <= 64


@pytest.mark.parametrize(
    'arn, qualifier',
    [
        ('acs:fc:r:1:functions/p-f', 'LATEST'),
        ('acs:fc:r:1:functions/p-f/1', '1'),
        ('acs:fc:r:1:functions/p-f:prod', 'prod'),
        ('acs:fc:r:1:functions/p-fx/1', 'LATEST'),
    ],
)
def test_the_qualifier_of_either_arn_form(arn, qualifier):
    assert qualifier_of(arn, 'p-f') == qualifier


def test_cleanup_removes_what_was_created_and_what_carries_the_prefix(account, user_emulator):
    before = user_emulator.state()
    account.create_function(account.prefix + 'a')
    version = account.publish_version(account.prefix + 'a')
    account.create_alias(account.prefix + 'a', 'live', version)
    account.put_config(account.prefix + 'a', qualifier='live', maxAsyncRetryAttempts=1)
    # One whose answer was lost: not in the ledger, found by its prefix.
    user_emulator.seed({'functions': [{'name': account.prefix + 'lost'}]})
    assert account.cleanup() == []
    assert user_emulator.state() == before
