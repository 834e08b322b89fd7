# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proxies through ansible-playbook: the environment's proxy variables and no_proxy, the proxy option, and passwords
inside proxy and endpoint URLs masked everywhere; checked in the registered result, the output and the proxy's log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from harness import CONFIG, INFO, methods, result_of, run_playbook, shown_args, task_playbook
from forward_proxy import ForwardProxy

# An address nothing listens on: a proxy that is down.
DEAD_PROXY = 'http://127.0.0.1:1'


@pytest.fixture(name='proxy')
def _proxy():
    started = ForwardProxy(user='alice', password='Pr0xy-Pa55-Distinct').start()
    yield started
    started.stop()


def test_no_proxy_covering_the_endpoint_bypasses_a_dead_proxy(emu, tmp_path):
    env = {
        'HTTPS_PROXY': DEAD_PROXY,
        'HTTP_PROXY': DEAD_PROXY,
        'http_proxy': DEAD_PROXY,
        'NO_PROXY': 'localhost,127.0.0.1',
    }
    task = {INFO: {'function_name': 'f1'}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task), env_overrides=env), tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [item['max_async_retry_attempts'] for item in outcome['async_invoke_configs']] == [2]


def test_a_proxy_in_the_environment_is_used(emu, tmp_path):
    env = {'HTTP_PROXY': DEAD_PROXY}
    task = {INFO: {'function_name': 'f1', 'retries': 0}}
    outcome = result_of(run_playbook(tmp_path, task_playbook(emu, task), env_overrides=env), tmp_path)
    assert outcome['failed'] is True and outcome['error']['code'] == 'ConnectionError'
    assert emu.requests == []


def test_the_proxy_option_sends_requests_through_the_proxy_and_masks_its_password(emu, proxy, tmp_path):
    # The environment says "no proxy at all"; the option wins.
    env = {'NO_PROXY': '*'}
    task = {CONFIG: {'function_name': 'f2', 'max_async_retry_attempts': 4, 'proxy': proxy.url_with_credentials()}}
    result = run_playbook(tmp_path, task_playbook(emu, task), env_overrides=env, extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome.get('failed') is not True, outcome
    assert [(r['method'], r['user']) for r in proxy.requests] == [('GET', 'alice'), ('PUT', 'alice')]
    assert all(r['url'].startswith(emu.url + '/2023-03-30/functions/f2/') for r in proxy.requests)
    assert methods(emu) == [('GET', 404), ('PUT', 200)]
    assert proxy.password not in result.stdout
    assert proxy.password not in (tmp_path / 'result.json').read_text()
    assert shown_args(result.stdout, 'proxy') == ['http://alice:********@127.0.0.1:%d' % proxy.port]


def test_a_refused_proxy_password_is_masked_in_the_failure(emu, proxy, tmp_path):
    wrong = 'http://alice:Wr0ng-Pr0xy-Secret@127.0.0.1:%d' % proxy.port
    task = {INFO: {'proxy': wrong, 'retries': 0}}
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and 'proxy authentication required' in outcome['msg']
    assert 'Wr0ng-Pr0xy-Secret' not in result.stdout
    assert 'Wr0ng-Pr0xy-Secret' not in (tmp_path / 'result.json').read_text()
    assert emu.requests == []


@pytest.mark.parametrize(
    'option, value',
    [
        ('endpoint', 'http://admin:Endp0int-Secret@127.0.0.1:8080'),
        ('proxy', 'socks5://admin:Endp0int-Secret@127.0.0.1:1080'),
    ],
)
def test_a_password_inside_a_bad_url_is_masked_although_the_task_fails_on_it(emu, tmp_path, option, value):
    task = {INFO: {option: value}}
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and '%s must look like' % option in outcome['msg']
    assert 'Endp0int-Secret' not in result.stdout
    assert 'Endp0int-Secret' not in (tmp_path / 'result.json').read_text()
    assert shown_args(result.stdout, option) == [value.replace('Endp0int-Secret', '********')]
    assert emu.requests == []


def test_a_password_in_a_url_is_masked_when_argument_validation_fails(emu, tmp_path):
    task = {INFO: {'endpoint': 'http://admin:Endp0int-Secret@127.0.0.1:8080', 'retries': 'many'}}
    result = run_playbook(tmp_path, task_playbook(emu, task), extra_args=['-vvv'])
    outcome = result_of(result, tmp_path)
    assert outcome['failed'] is True and 'retries' in outcome['msg']
    assert 'Endp0int-Secret' not in result.stdout
