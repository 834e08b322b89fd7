# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""error_from_exception over the exception objects the real SDK raises (built directly, no client)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error, error_from_exception

exceptions = pytest.importorskip('alibabacloud_tea_openapi.exceptions')
darabonba_exceptions = pytest.importorskip('darabonba.exceptions')
retry_policy = pytest.importorskip('darabonba.policy.retry')


def api_exception(cls, status, code, message='boom', request_id='1-abc', **extra):
    body = {'Code': code, 'Message': message, 'RequestId': request_id}
    return cls(
        status_code=status,
        code=code,
        message='code: %d, %s request id: %s' % (status, message, request_id),
        data=body,
        request_id=request_id,
        **extra,
    )


def transport_exception(text):
    context = retry_policy.RetryPolicyContext(retries_attempted=0, exception=darabonba_exceptions.RetryError(text))
    return darabonba_exceptions.UnretryableException(context)


@pytest.mark.parametrize(
    'exc, code, status, retryable',
    [
        (api_exception(exceptions.ClientException, 404, 'FunctionNotFound'), 'FunctionNotFound', 404, False),
        (
            api_exception(exceptions.ClientException, 404, 'AsyncConfigNotExists'),
            'AsyncConfigNotExists',
            404,
            False,
        ),
        (api_exception(exceptions.ClientException, 400, 'InvalidArgument'), 'InvalidArgument', 400, False),
        (api_exception(exceptions.ClientException, 403, 'SignatureNotMatch'), 'SignatureNotMatch', 403, False),
        (api_exception(exceptions.ClientException, 429, 'ResourceThrottled'), 'ResourceThrottled', 429, True),
        (api_exception(exceptions.ClientException, 400, 'Throttling.User'), 'Throttling.User', 400, True),
        (api_exception(exceptions.ServerException, 503, 'ServiceUnavailable'), 'ServiceUnavailable', 503, True),
        (
            api_exception(exceptions.ServerException, 500, 'InternalServerError'),
            'InternalServerError',
            500,
            True,
        ),
        (api_exception(exceptions.ServerException, 501, 'NotImplemented'), 'NotImplemented', 501, False),
    ],
)
def test_api_errors_keep_code_message_request_id_and_status(exc, code, status, retryable):
    error = error_from_exception(exc)
    assert (error.code, error.status_code, error.retryable) == (code, status, retryable)
    assert error.message == 'boom'
    assert error.request_id == '1-abc'
    assert error.to_dict() == {'code': code, 'message': 'boom', 'request_id': '1-abc', 'status_code': status}


def test_throttling_exception_carries_the_wait_the_service_asked_for():
    exc = api_exception(exceptions.ThrottlingException, 503, 'Busy', retry_after=1500)
    error = error_from_exception(exc)
    assert error.retryable
    assert error.retry_after == 1.5


def test_sdk_none_strings_are_absent():
    exc = exceptions.ClientException(
        status_code=403, code='None', message='code: 403, None request id: None', data={}, request_id='None'
    )
    error = error_from_exception(exc)
    assert error.code is None
    assert error.request_id is None
    assert error.status_code == 403


DNS_FAILURE = (
    "HTTPSConnectionPool(host='fc.eu-centrall-1.aliyuncs.com', port=443): Max retries exceeded with url: "
    "/2023-03-30/functions/f/async-invoke-config?qualifier=LATEST (Caused by NameResolutionError("
    "\"HTTPSConnection(host='fc.eu-centrall-1.aliyuncs.com', port=443): Failed to resolve "
    "'fc.eu-centrall-1.aliyuncs.com' ([Errno -2] Name or service not known)\"))"
)
DNS_TEMPORARY = DNS_FAILURE.replace(
    '[Errno -2] Name or service not known', '[Errno -3] Temporary failure in name resolution'
)
REFUSED = (
    "HTTPConnectionPool(host='127.0.0.1', port=8099): Max retries exceeded with url: /2023-03-30/functions "
    "(Caused by NewConnectionError(\"HTTPConnection(host='127.0.0.1', port=8099): Failed to establish a new "
    "connection: [Errno 111] Connection refused\"))"
)
PLAIN_HTTP = (
    "HTTPSConnectionPool(host='127.0.0.1', port=8080): Max retries exceeded with url: /2023-03-30/functions "
    "(Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)')))"
)
PLAIN_HTTP_OPENSSL_3_2 = PLAIN_HTTP.replace(
    '[SSL: WRONG_VERSION_NUMBER] wrong version number', '[SSL] record layer failure'
)
UNTRUSTED = (
    "HTTPSConnectionPool(host='fc.cn-hangzhou.aliyuncs.com', port=443): Max retries exceeded (Caused by "
    "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
    "certificate in certificate chain (_ssl.c:1000)')))"
)
RESET = (
    "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded "
    "(Caused by ProtocolError('Connection aborted.', "
    "ConnectionResetError(104, 'Connection reset by peer')))"
)
TIMEOUT = "HTTPConnectionPool(host='127.0.0.1', port=9): Read timed out. (read timeout=1.0)"


@pytest.mark.parametrize(
    'text, code, retryable, max_retries, message',
    [
        (
            DNS_FAILURE,
            'HostNotFound',
            False,
            2,
            'cannot resolve fc.eu-centrall-1.aliyuncs.com ([Errno -2] Name or service not known): '
            'check the region and the endpoint',
        ),
        (
            DNS_TEMPORARY,
            'HostNotFound',
            True,
            2,
            'cannot resolve fc.eu-centrall-1.aliyuncs.com ([Errno -3] Temporary failure in name resolution): '
            'check the region',
        ),
        (REFUSED, 'ConnectionError', True, 2, 'connection refused by 127.0.0.1:8099: is the endpoint right'),
        (
            PLAIN_HTTP,
            'TLSError',
            False,
            None,
            'the endpoint 127.0.0.1:8080 speaks plain HTTP, not HTTPS ([SSL: WRONG_VERSION_NUMBER] '
            'wrong version number): use http://127.0.0.1:8080',
        ),
        (PLAIN_HTTP_OPENSSL_3_2, 'TLSError', False, None, 'the endpoint 127.0.0.1:8080 speaks plain HTTP, not HTTPS'),
        (
            UNTRUSTED,
            'TLSError',
            False,
            None,
            'the TLS certificate of fc.cn-hangzhou.aliyuncs.com:443 is not trusted ('
            '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate '
            'in certificate chain): set ca_bundle',
        ),
        (RESET, 'ConnectionError', True, None, 'connection to 127.0.0.1:9 failed ('),
        (TIMEOUT, 'RequestTimeout', True, None, 'no answer from 127.0.0.1:9 in time (read timeout=1.0)'),
    ],
)
def test_transport_failures_lead_with_their_cause(text, code, retryable, max_retries, message):
    error = error_from_exception(transport_exception(text))
    assert (error.code, error.retryable, error.max_retries, error.status_code) == (code, retryable, max_retries, None)
    assert error.message.startswith(message), error.message
    assert '\n' not in error.message and len(error.message) < 300, error.message
    assert not error.answered


def test_missing_credentials_say_what_to_set_before_the_chains_detail():
    chain = (
        "unable to load credentials from any of the providers in the chain: ['EnvironmentVariableCredentialsProvider: "
        "Environment variable accessKeyId cannot be empty', "
        + ', '.join("'Provider%d: reason %d'" % (n, n) for n in range(30))
        + ']'
    )
    credential_exception = pytest.importorskip('alibabacloud_credentials.exceptions').CredentialException(chain)
    context = retry_policy.RetryPolicyContext(retries_attempted=0, exception=credential_exception)
    error = error_from_exception(darabonba_exceptions.UnretryableException(context))
    assert error.code == 'InvalidCredentials' and not error.retryable
    assert error.message.startswith(
        'No credentials: set the access_key_id and access_key_secret options (or the '
        'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'
    )
    assert 'The chain said: unable to load credentials' in error.message
    # Every provider's reason is kept, where the old 300-character cut lost all but the first.
    assert "'Provider29: reason 29'" in error.message


def test_errors_raised_before_sending_are_final():
    error = error_from_exception(exceptions.ClientException(code='InvalidCredentials', message='no credentials'))
    assert (error.code, error.message, error.retryable) == ('InvalidCredentials', 'no credentials', False)


@pytest.mark.parametrize(
    'error, text',
    [
        (
            FC3Error('gone', code='FunctionNotFound', request_id='r1', status_code=404),
            'FunctionNotFound: gone (request id: r1, HTTP 404)',
        ),
        (FC3Error('refused', code='ConnectionError'), 'ConnectionError: refused'),
        (FC3Error('plain'), 'plain'),
    ],
)
def test_message_holds_code_and_request_id(error, text):
    assert str(error) == text


def test_message_counts_attempts():
    error = FC3Error('busy', code='ServiceUnavailable', request_id='r', status_code=503)
    error.attempts = 4
    assert str(error) == 'ServiceUnavailable: busy (request id: r, HTTP 503, after 4 attempts)'


@pytest.mark.parametrize(
    'error, expected',
    [
        (FC3Error('x', code='TooManyRequests', status_code=429, retryable=True), True),
        (FC3Error('x', code='Throttling.User', status_code=503, retryable=True), True),
        (FC3Error('x', code='ResourceThrottled', status_code=None, retryable=True), True),
        (FC3Error('x', code=None, status_code=429, retryable=True), True),
        (FC3Error('x', code='InternalServerError', status_code=500, retryable=True), False),
        (FC3Error('x', code='FunctionNotFound', status_code=404), False),
        # Refused unprocessed while another update of the function runs: retried like throttling.
        (FC3Error('x', code='ConcurrentUpdateError', status_code=409, retryable=True), True),
    ],
)
def test_what_counts_as_throttling(error, expected):
    assert error.throttled is expected


def test_a_concurrent_update_conflict_is_retried_like_throttling():
    error = error_from_exception(api_exception(exceptions.ClientException, 409, 'ConcurrentUpdateError'))
    assert error.retryable and error.throttled and error.code == 'ConcurrentUpdateError'
