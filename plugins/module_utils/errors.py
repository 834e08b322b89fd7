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

import traceback

# The service's own codes for "the function, version or alias you named does not exist".
MISSING_TARGET_CODES = frozenset((
    'FunctionNotFound',
    'AliasNotFound',
    'VersionNotFound',
))

# The service's own code for "this function qualifier has no async invoke config".
MISSING_CONFIG_CODES = frozenset((
    'AsyncConfigNotExists',
))

RETRYABLE_STATUS_CODES = frozenset((429, 500, 502, 503, 504))

# Throttling codes seen across Alibaba Cloud APIs; FC3's own code is not documented, so any code
# that mentions throttling is treated alike (HTTP 429 is retried whatever its code).
_THROTTLING_CODES = frozenset(('ResourceThrottled', 'TooManyRequests'))


class FC3Error(Exception):
    """A failed FC3 call: the API error code, the service's message, its request id and HTTP status."""

    def __init__(self, message, code=None, request_id=None, status_code=None, retryable=False, retry_after=None,
                 traceback=None):
        super(FC3Error, self).__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.status_code = status_code
        self.retryable = retryable
        # Seconds the service asked us to wait before trying again, if it said so.
        self.retry_after = retry_after
        self.attempts = 1
        # False when some attempt ended without an answer (timeout, connection lost): a write
        # may then have been applied although the call failed.
        self.every_attempt_answered = status_code is not None
        # The endpoint the request went to; set by the client, shown in the message so that a wrong
        # endpoint or a proxy answering in the service's place can be recognised.
        self.endpoint = None
        # Where an exception that is not one of the service's answers came from, for -vvv.
        self.traceback = traceback

    @property
    def not_found(self):
        """The service itself said that the config, or the function / qualifier it belongs to, does not exist.

        Only the service's own codes count: a 404 from a wrong endpoint, an unknown path or a proxy is
        an error, never "absent".
        """
        return self.code in MISSING_TARGET_CODES or self.code in MISSING_CONFIG_CODES

    @property
    def missing_config(self):
        """The service said that the function qualifier has no async invoke config."""
        return self.code in MISSING_CONFIG_CODES

    @property
    def missing_target(self):
        """The function, version or alias named in the request does not exist."""
        return self.code in MISSING_TARGET_CODES

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
        if self.status_code:
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


def is_throttling_code(code):
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
    retryable = status in RETRYABLE_STATUS_CODES or is_throttling_code(code) or retry_after is not None
    return FC3Error(message or 'HTTP %d' % status, code=code, request_id=request_id, status_code=status,
                    retryable=retryable, retry_after=retry_after)


# An error page of a proxy or another web server can be long; the start says enough.
MAX_DETAIL_CHARS = 300


def _shorten(text):
    return text if len(text) <= MAX_DETAIL_CHARS else text[:MAX_DETAIL_CHARS] + '...'


def _from_transport_failure(exc, inner):
    inner_name = type(inner).__name__
    text = _shorten(_text(getattr(inner, 'message', None)) or _text(str(inner)) or inner_name)
    if 'Credential' in inner_name:
        return FC3Error('Could not load credentials: %s' % text, code='InvalidCredentials')
    if inner_name == 'RetryError':
        # requests' connection and timeout failures, wrapped by the SDK's retry layer.
        lowered = text.lower()
        code = 'RequestTimeout' if 'timed out' in lowered or 'timeout' in lowered else 'ConnectionError'
        return FC3Error(text, code=code, retryable=True)
    return FC3Error('Unexpected response from the service: %s' % text, code='InvalidResponse')


def _traceback_of(exc):
    return ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def error_from_exception(exc):
    """Map any exception raised by an SDK call to an ``FC3Error``.

    An error that is not one of the service's answers keeps its traceback, so that a bug in the SDK
    or in this collection can be reported usefully (modules return it as ``exception``, shown at -vvv).
    """
    if isinstance(exc, FC3Error):
        return exc
    status = _status_of(exc)
    if status is not None:
        return _from_api_response(exc, status)
    inner = getattr(exc, 'inner_exception', None)
    if inner is not None:
        error = _from_transport_failure(exc, inner)
    else:
        # Errors the SDK raises before sending anything, such as missing credentials, and bugs.
        code = _text(getattr(exc, 'code', None))
        message = _shorten(_text(getattr(exc, 'message', None)) or _text(str(exc)) or type(exc).__name__)
        error = FC3Error(message, code=code or type(exc).__name__)
    error.traceback = _traceback_of(exc)
    return error
