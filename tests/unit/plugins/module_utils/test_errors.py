# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""error_from_exception over the exception objects the real SDK raises (built directly, no client)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils.errors import FC3Error, error_from_exception

exceptions = pytest.importorskip('alibabacloud_tea_openapi.exceptions')
darabonba_exceptions = pytest.importorskip('darabonba.exceptions')
retry_policy = pytest.importorskip('darabonba.policy.retry')


def api_exception(cls, status, code, message='boom', request_id='1-abc', **extra):
    body = {'Code': code, 'Message': message, 'RequestId': request_id}
    return cls(status_code=status, code=code, message='code: %d, %s request id: %s' % (status, message, request_id),
               data=body, request_id=request_id, **extra)


def transport_exception(text):
    context = retry_policy.RetryPolicyContext(retries_attempted=0, exception=darabonba_exceptions.RetryError(text))
    return darabonba_exceptions.UnretryableException(context)


@pytest.mark.parametrize('exc, code, status, retryable, not_found', [
    (api_exception(exceptions.ClientException, 404, 'FunctionNotFound'), 'FunctionNotFound', 404, False, True),
    (api_exception(exceptions.ClientException, 404, 'AsyncConfigNotExists'), 'AsyncConfigNotExists', 404, False, True),
    (api_exception(exceptions.ClientException, 400, 'InvalidArgument'), 'InvalidArgument', 400, False, False),
    (api_exception(exceptions.ClientException, 403, 'SignatureNotMatch'), 'SignatureNotMatch', 403, False, False),
    (api_exception(exceptions.ClientException, 429, 'ResourceThrottled'), 'ResourceThrottled', 429, True, False),
    (api_exception(exceptions.ClientException, 400, 'Throttling.User'), 'Throttling.User', 400, True, False),
    (api_exception(exceptions.ServerException, 503, 'ServiceUnavailable'), 'ServiceUnavailable', 503, True, False),
    (api_exception(exceptions.ServerException, 500, 'InternalServerError'), 'InternalServerError', 500, True, False),
    (api_exception(exceptions.ServerException, 501, 'NotImplemented'), 'NotImplemented', 501, False, False),
])
def test_api_errors_keep_code_message_request_id_and_status(exc, code, status, retryable, not_found):
    error = error_from_exception(exc)
    assert (error.code, error.status_code, error.retryable, error.not_found) == (code, status, retryable, not_found)
    assert error.message == 'boom'
    assert error.request_id == '1-abc'
    assert error.to_dict() == {'code': code, 'message': 'boom', 'request_id': '1-abc', 'status_code': status}


def test_throttling_exception_carries_the_wait_the_service_asked_for():
    exc = api_exception(exceptions.ThrottlingException, 503, 'Busy', retry_after=1500)
    error = error_from_exception(exc)
    assert error.retryable
    assert error.retry_after == 1.5


def test_sdk_none_strings_are_absent():
    exc = exceptions.ClientException(status_code=403, code='None', message='code: 403, None request id: None',
                                     data={}, request_id='None')
    error = error_from_exception(exc)
    assert error.code is None
    assert error.request_id is None
    assert error.status_code == 403


@pytest.mark.parametrize('text, code', [
    ("HTTPConnectionPool(host='127.0.0.1', port=9): Read timed out. (read timeout=1.0)", 'RequestTimeout'),
    ("HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded ([Errno 111] Connection refused)", 'ConnectionError'),
])
def test_transport_failures_are_retryable(text, code):
    error = error_from_exception(transport_exception(text))
    assert (error.code, error.retryable, error.status_code) == (code, True, None)
    assert text in error.message


def test_errors_raised_before_sending_are_final():
    error = error_from_exception(exceptions.ClientException(code='InvalidCredentials', message='no credentials'))
    assert (error.code, error.message, error.retryable) == ('InvalidCredentials', 'no credentials', False)


@pytest.mark.parametrize('error, text', [
    (FC3Error('gone', code='FunctionNotFound', request_id='r1', status_code=404),
     'FunctionNotFound: gone (request id: r1, HTTP 404)'),
    (FC3Error('refused', code='ConnectionError'), 'ConnectionError: refused'),
    (FC3Error('plain'), 'plain'),
])
def test_message_holds_code_and_request_id(error, text):
    assert str(error) == text


def test_message_counts_attempts():
    error = FC3Error('busy', code='ServiceUnavailable', request_id='r', status_code=503)
    error.attempts = 4
    assert str(error) == 'ServiceUnavailable: busy (request id: r, HTTP 503, after 4 attempts)'
