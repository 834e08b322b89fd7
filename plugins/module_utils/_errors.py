# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn whatever the Alibaba Cloud SDK raises into one error type a module can report.

The SDK raises several unrelated exception families (API errors carrying the service's JSON
error body, transport failures wrapped in ``UnretryableException``, credential failures). Modules
only ever see ``FC3Error``, which carries the four fields the collection returns as ``error``.
Classification is done by duck typing so that it does not depend on the SDK's class layout.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import traceback

# The service's own codes for "the function, version or alias you named does not exist".
MISSING_TARGET_CODES = frozenset(
    (
        'FunctionNotFound',
        'AliasNotFound',
        'VersionNotFound',
    )
)

# The service's own code for "this function qualifier has no async invoke config".
MISSING_CONFIG_CODES = frozenset(('AsyncConfigNotExists',))

RETRYABLE_STATUS_CODES = frozenset((429, 500, 502, 503, 504))

# Throttling codes seen across Alibaba Cloud APIs; FC3's own code is not documented, so any code
# that mentions throttling is treated alike (HTTP 429 is retried whatever its code).
# ConcurrentUpdateError (HTTP 409, FC 2.0's documented answer to a concurrent update of one function) is
# refused unprocessed like throttling, and goes away once the other write is done: it is retried alike.
_THROTTLING_CODES = frozenset(('ResourceThrottled', 'TooManyRequests', 'ConcurrentUpdateError'))


class FC3Error(Exception):
    """A failed FC3 call: the API error code, the service's message, its request id and HTTP status."""

    def __init__(
        self,
        message,
        code=None,
        request_id=None,
        status_code=None,
        retryable=False,
        retry_after=None,
        traceback=None,
        max_retries=None,
        answered=None,
    ):
        super(FC3Error, self).__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.status_code = status_code
        self.retryable = retryable
        # Seconds the service asked us to wait before trying again, if it said so.
        self.retry_after = retry_after
        # At most this many retries for this kind of failure, whatever the policy allows (None: no cap).
        self.max_retries = max_retries
        # Whether the service itself answered (an error body of its own). A status alone is not enough: a
        # gateway's HTML page may come after it passed the request on.
        self.answered = status_code is not None if answered is None else answered
        self.attempts = 1
        # False when some attempt ended without the service's answer (timeout, connection lost, a page
        # from something else): a write may then have been applied although the call failed.
        self.every_attempt_answered = self.answered
        # The endpoint the request went to; set by the client, shown in the message so that a wrong
        # endpoint or a proxy answering in the service's place can be recognised.
        self.endpoint = None
        # Where an exception that is not one of the service's answers came from, returned as the result's exception.
        self.traceback = traceback

    @property
    def missing_config(self):
        """The service said that the function qualifier has no async invoke config.

        Only the service's own codes count (here and in ``missing_target``): a 404 from a wrong endpoint,
        an unknown path or a proxy is an error, never "absent".
        """
        return self.code in MISSING_CONFIG_CODES

    @property
    def missing_target(self):
        """The function, version or alias named in the request does not exist."""
        return self.code in MISSING_TARGET_CODES

    @property
    def throttled(self):
        """The service answered that requests come too fast (HTTP 429 or a throttling code)."""
        return self.status_code == 429 or _is_throttling_code(self.code)

    def to_dict(self):
        return {
            'code': self.code,
            'message': self.message,
            'request_id': self.request_id,
            'status_code': self.status_code,
        }

    def __str__(self):
        details = []
        if self.request_id:
            details.append('request id: %s' % self.request_id)
        if self.status_code and not self.message.startswith('HTTP %s' % self.status_code):
            details.append('HTTP %s' % self.status_code)
        if self.attempts > 1:
            details.append('after %d attempts' % self.attempts)
        if self.endpoint:
            details.append('endpoint %s' % self.endpoint)
        text = '%s: %s' % (self.code, self.message) if self.code else self.message
        return '%s (%s)' % (text, ', '.join(details)) if details else text


def failure_message(error, action, note=None):
    """``Failed to <action>: <error>[. <note>]``: what was being done, why it failed and what that means."""
    msg = 'Failed to %s: %s' % (action, error)
    return '%s. %s' % (msg, note) if note else msg


def _is_throttling_code(code):
    return bool(code) and (code in _THROTTLING_CODES or 'throttl' in code.lower())


def _text(value):
    """The SDK formats missing fields as the string 'None'; treat that as absent."""
    if value is None:
        return None
    value = str(value)
    return None if value in ('', 'None') else value


def _status_of(exc):
    for attribute in ('status_code', 'statusCode'):
        status = getattr(exc, attribute, None)
        if isinstance(status, int) and status > 0:
            return status
    data = getattr(exc, 'data', None)
    if isinstance(data, dict) and isinstance(data.get('statusCode'), int):
        return data['statusCode']
    return None


def _from_api_response(exc, status):
    data = getattr(exc, 'data', None)
    body = data if isinstance(data, dict) else {}
    code = _text(body.get('Code') or body.get('code')) or _text(getattr(exc, 'code', None))
    message = _text(body.get('Message') or body.get('message')) or _text(getattr(exc, 'message', None))
    request_id = _text(body.get('RequestId') or body.get('requestId')) or _text(getattr(exc, 'request_id', None))
    retry_after_ms = getattr(exc, 'retry_after', None)
    retry_after = retry_after_ms / 1000.0 if isinstance(retry_after_ms, (int, float)) and retry_after_ms > 0 else None
    retryable = status in RETRYABLE_STATUS_CODES or _is_throttling_code(code) or retry_after is not None
    return FC3Error(
        message or 'HTTP %d' % status,
        code=code,
        request_id=request_id,
        status_code=status,
        retryable=retryable,
        retry_after=retry_after,
    )


# An error page of a proxy or another web server can be long; the start says enough.
MAX_DETAIL_CHARS = 300
# The credential chain's reasons, one per provider, are what a user needs to fix it: keep more of them.
MAX_CREDENTIALS_DETAIL_CHARS = 1500

# How requests / urllib3 describe transport failures (the SDK passes their text on in one string).
_HOST_RE = re.compile(r"host='(?P<host>[^']+)', port=(?P<port>\d+)")
_OS_REASON_RE = re.compile(r"\[Errno -?\d+\] [^'\")]+")
_SSL_REASON_RE = re.compile(r"\[SSL(?:: [A-Z_]+)?\] [^'\")(]+")
_DNS_MARKERS = (
    'NameResolutionError',
    'Failed to resolve',
    'Name or service not known',
    'nodename nor servname',
    'getaddrinfo failed',
    'No address associated with hostname',
)
# "Temporary failure in name resolution": the resolver itself could not answer, which may pass.
_DNS_TEMPORARY_MARKERS = ('Temporary failure in name resolution', 'Errno -3]')
# OpenSSL's words for a TLS client that met a plain-HTTP answer (1.1 and 3.0; 3.2 and later).
_PLAIN_HTTP_MARKERS = ('WRONG_VERSION_NUMBER', 'wrong version number', 'record layer failure')
_TIMEOUT_RE = re.compile(r'\(((?:read|connect) timeout=[^)]+)\)')
_HTML_TITLE_RE = re.compile(r'<title>\s*(?P<title>[^<]{1,120}?)\s*</title>', re.IGNORECASE)

# A refused connection is worth a retry or two (a service restarting); more only delays the failure.
CONNECTION_REFUSED_RETRIES = 2

CREDENTIALS_HELP = (
    'No credentials: set the access_key_id and access_key_secret options (or the environment variables '
    'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; with security_token / '
    'ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials), or set up a source of the default credential chain '
    '(ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials.ini, an Alibaba Cloud CLI profile, '
    'an ECS RAM role, an OIDC role).'
)


def _shorten(text, limit=MAX_DETAIL_CHARS):
    return text if len(text) <= limit else text[:limit] + '...'


def _address(text):
    """``host:port`` named in a requests / urllib3 message, or ``None``."""
    match = _HOST_RE.search(text)
    return '%s:%s' % (match.group('host'), match.group('port')) if match else None


def _reason(text, pattern):
    """The innermost reason (``[Errno 111] Connection refused``) of a long transport message."""
    found = pattern.findall(text)
    return found[-1].strip() if found else None


def _connection_failure(text):
    """An FC3Error for a request that got no HTTP answer, its message leading with the cause in one line."""
    address = _address(text) or 'the endpoint'
    host = address.rsplit(':', 1)[0]
    if any(marker in text for marker in _DNS_MARKERS + _DNS_TEMPORARY_MARKERS):
        temporary = any(marker in text for marker in _DNS_TEMPORARY_MARKERS)
        reason = _reason(text, _OS_REASON_RE) or 'the name does not resolve'
        # A name that does not resolve will not resolve a second later: retrying only delays the answer.
        return FC3Error(
            'cannot resolve %s (%s): check the region and the endpoint' % (host, reason),
            code='HostNotFound',
            retryable=temporary,
            max_retries=CONNECTION_REFUSED_RETRIES,
        )
    if 'SSLError' in text or '[SSL' in text:
        reason = _reason(text, _SSL_REASON_RE) or 'TLS handshake failed'
        if any(marker in text for marker in _PLAIN_HTTP_MARKERS):
            return FC3Error(
                'the endpoint %s speaks plain HTTP, not HTTPS (%s): use http://%s' % (address, reason, address),
                code='TLSError',
            )
        if 'CERTIFICATE_VERIFY_FAILED' in text:
            return FC3Error(
                'the TLS certificate of %s is not trusted (%s): set ca_bundle to the CA that signed it'
                % (address, reason),
                code='TLSError',
            )
        return FC3Error('TLS handshake with %s failed (%s)' % (address, reason), code='TLSError')
    lowered = text.lower()
    if 'timed out' in lowered or 'timeout' in lowered:
        limit = _TIMEOUT_RE.search(text)
        return FC3Error(
            'no answer from %s in time (%s)' % (address, limit.group(1) if limit else _shorten(text)),
            code='RequestTimeout',
            retryable=True,
        )
    if 'Connection refused' in text or 'Errno 111]' in text:
        return FC3Error(
            'connection refused by %s: is the endpoint right, and is the service (or proxy) listening?' % address,
            code='ConnectionError',
            retryable=True,
            max_retries=CONNECTION_REFUSED_RETRIES,
        )
    reason = _reason(text, _OS_REASON_RE)
    return FC3Error(
        'connection to %s failed (%s)' % (address, reason or _shorten(text)), code='ConnectionError', retryable=True
    )


def _page_description(text):
    """A web page's title, or the first line of any other text, for a message that must not embed it."""
    value = text.split('Value: ', 1)[-1].strip().strip('".')
    title = _HTML_TITLE_RE.search(value)
    if title:
        return "a page titled '%s'" % title.group('title')
    first = next((line.strip() for line in value.splitlines() if line.strip()), '')
    return "an answer beginning '%s'" % _shorten(first, 80) if first else 'an empty answer'


def _status_of_unparsed_answer(exc):
    """The HTTP status of an answer the SDK could not parse as JSON: the SDK drops the response when it
    raises, but the frame that read it still holds it (checked with darabonba-core 1.0.9 to 1.0.x of
    SDK 4.8; ``None`` where that changes)."""
    tb = getattr(exc, '__traceback__', None)
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            status = getattr(value, 'status_code', None)
            if isinstance(status, int) and 100 <= status < 600 and hasattr(value, 'headers'):
                return status
        tb = tb.tb_next
    return None


def _unparsed_answer(inner, text):
    status = _status_of_unparsed_answer(inner)
    shown = 'HTTP %d' % status if status else 'An answer'
    # Not the service's own answer: a write that met it may have been passed on, so it never counts as answered.
    return FC3Error(
        '%s, not JSON (%s): is the endpoint a Function Compute endpoint, and is no proxy answering in its '
        'place?' % (shown, _page_description(text)),
        code='InvalidResponse',
        status_code=status,
        retryable=status in RETRYABLE_STATUS_CODES,
        answered=False,
    )


def _from_transport_failure(exc, inner):
    inner_name = type(inner).__name__
    text = _text(getattr(inner, 'message', None)) or _text(str(inner)) or inner_name
    if 'Credential' in inner_name:
        return FC3Error(
            '%s The chain said: %s' % (CREDENTIALS_HELP, _shorten(text, MAX_CREDENTIALS_DETAIL_CHARS)),
            code='InvalidCredentials',
        )
    if inner_name == 'RetryError':
        # requests' connection and timeout failures, wrapped by the SDK's retry layer.
        return _connection_failure(text)
    if 'parse the value as json' in text:
        return _unparsed_answer(inner, text)
    return FC3Error('Unexpected response from the service: %s' % _shorten(text), code='InvalidResponse')


def _traceback_of(exc):
    return ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def error_from_exception(exc):
    """Map any exception raised by an SDK call to an ``FC3Error``.

    An error that is not one of the service's answers keeps its traceback, so that a bug in the SDK
    or in this collection can be reported usefully (modules return it as ``exception``, see FC3Module.finish).
    """
    if isinstance(exc, FC3Error):
        return exc
    status = _status_of(exc)
    if status is not None:
        return _from_api_response(exc, status)
    inner = getattr(exc, 'inner_exception', None)
    if isinstance(inner, FC3Error):
        # Raised by this collection inside the SDK's call (renewing a role's credentials): already explained.
        return inner
    if inner is not None:
        error = _from_transport_failure(exc, inner)
    else:
        # Errors the SDK raises before sending anything, such as missing credentials, and bugs.
        code = _text(getattr(exc, 'code', None))
        message = _shorten(_text(getattr(exc, 'message', None)) or _text(str(exc)) or type(exc).__name__)
        error = FC3Error(message, code=code or type(exc).__name__)
    error.traceback = _traceback_of(exc)
    return error
