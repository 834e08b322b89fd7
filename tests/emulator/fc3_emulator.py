# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local emulator of the Alibaba Cloud Function Compute 3.0 API (version 2023-03-30).

The emulator speaks the ROA/JSON wire format of the real service closely enough that the
unmodified ``alibabacloud-fc20230330`` SDK can talk to it over plain HTTP::

    Config(endpoint='127.0.0.1:PORT', protocol='http', region_id='cn-hangzhou',
           access_key_id='AKIDEXAMPLE', access_key_secret='SECRETEXAMPLE')

It is standard library only and can be used in-process (``Emulator(...).start()``, served from a
daemon thread) or from the command line (``python fc3_emulator.py --port 0 --port-file PATH``);
tests, scripts and the molecule scenario start that process through fc3_launcher.py.

Implemented operations (paths below ``/2023-03-30``):

- GetAsyncInvokeConfig / PutAsyncInvokeConfig / DeleteAsyncInvokeConfig:
  ``GET|PUT|DELETE /functions/{fn}/async-invoke-config?qualifier=``
- ListAsyncInvokeConfigs: ``GET /async-invoke-configs?functionName=&limit=&nextToken=``
- CreateFunction ``POST /functions``, ListFunctions
  ``GET /functions?prefix=&runtime=&resourceGroupId=&fcVersion=&tags=&limit=&nextToken=``,
  GetFunction ``GET /functions/{fn}``, DeleteFunction ``DELETE /functions/{fn}``
- PublishFunctionVersion ``POST /functions/{fn}/versions``, ListFunctionVersions
  ``GET /functions/{fn}/versions?direction=&limit=&nextToken=``, DeleteFunctionVersion
  ``DELETE /functions/{fn}/versions/{versionId}``
- CreateAlias ``POST /functions/{fn}/aliases``, ListAliases ``GET /functions/{fn}/aliases?prefix=&limit=&nextToken=``,
  GetAlias ``GET /functions/{fn}/aliases/{alias}``, DeleteAlias ``DELETE /functions/{fn}/aliases/{alias}``

Every request is authenticated with ACS3-HMAC-SHA256 (static access keys and STS triples), may be
hit by injected faults (HTTP status or hang) and is recorded.

Admin API (unauthenticated, never faulted, not recorded; JSON answers, 400 ``{"error": ...}`` on bad
input, 404 ``{"error": ...}`` for an unknown admin path):

- ``GET /_emulator/requests`` -> ``{"requests": [...]}``; ``DELETE /_emulator/requests`` -> ``{"ok": true}``;
  ``POST /_emulator/requests/take`` -> ``{"requests": [...]}``, cleared in the same step
- ``POST /_emulator/faults`` (body: ``add_fault`` keyword arguments) -> ``{"fault": {...}}``;
  ``GET /_emulator/faults`` -> ``{"faults": [...]}``; ``DELETE /_emulator/faults`` -> ``{"ok": true}``
- ``POST /_emulator/seed`` (body: seed data) -> ``{"ok": true}``; ``POST /_emulator/reset`` -> ``{"ok": true}``
- ``GET /_emulator/state`` -> ``Emulator.state()``
- ``PUT /_emulator/limits`` (body: any of ``rate``, ``burst``, ``retry_after_ms``, ``latency``; a
  missing ``rate`` lifts the rate limit, a missing ``latency`` is 0) -> ``{"limits": {...}}``;
  ``GET /_emulator/limits`` -> ``{"limits": {...}}``
- ``PUT /_emulator/semantics`` (body: any of ``arn_style``, ``put_semantics``, see 3. and 6. below;
  one left out is kept) -> ``{"semantics": {...}}``; ``GET /_emulator/semantics`` -> the same; lets
  one run (an ansible-test target) prove a client under both readings
- ``PUT /_emulator/conflicts`` (body: ``{"hold": SECONDS}``; 0 or a missing ``hold`` turns them off)
  -> ``{"conflicts": {"hold": ...}}``; ``GET /_emulator/conflicts`` -> the same (concurrent updates, below)

Seed data (``Emulator.seed``, ``POST /_emulator/seed``, ``--seed FILE``); applied all or nothing::

    {"functions": [{"name": "f1", "runtime": "python3.10", "handler": "index.handler", "versions": 2,
                    "aliases": {"prod": "1"}}],
     "async_configs": [{"function_name": "f1", "qualifier": "LATEST", "config": {<PutAsyncInvokeConfig body>}}]}

A seed function may also have ``"tags": {"team": "payments"}`` (string values) and
``"resource_group_id": "rg-..."``.
``runtime``/``handler`` default to ``python3.10``/``index.handler``, ``qualifier`` to LATEST;
``versions: N`` publishes "1".."N"; each config goes through the PUT validation and semantics.

Order of processing for an API request: record it, wait the fixed latency, take a token of the
rate limit, match fault rules, authenticate, route (unknown path: 404 ``PathNotFound``), check the
``x-acs-action`` header, run the operation.

Service limits (off by default), to show how clients behave at them:

- Rate limit: a token bucket of ``rate`` requests per second holding at most ``burst`` tokens
  (default: ``rate`` rounded up), full at the start. A request that finds it empty is answered 429
  ``TooManyRequests`` without running (the service's flow control), with ``x-acs-retry-after:
  <retry_after_ms>`` when that is set; a throttled request takes no token. ``reset()`` leaves the
  limits as they are. ``Emulator(rate_limit=, burst=, rate_limit_retry_after_ms=)``,
  ``set_rate_limit(rate, burst=None, retry_after_ms=None)`` (``rate=None`` lifts it),
  ``--rate-limit RATE --burst N --rate-limit-retry-after MS``, or the admin API below.
- Latency: every API answer is held back ``latency`` seconds (the network and the service's own
  time), concurrent requests alike. ``Emulator(latency=)``, ``set_latency(seconds)``,
  ``--latency SECONDS``, or the admin API.

STS (AssumeRole)
----------------
The same port also answers the Security Token Service's ``AssumeRole`` (API version 2015-04-01) as
``alibabacloud-credentials`` calls it: RPC style, ``GET /?Action=AssumeRole&...`` (a form-encoded POST
too), every parameter in the query, signed with signature version 1.0 (``SignatureMethod=HMAC-SHA1``:
base64 HMAC-SHA1, keyed with ``SECRET&``, of ``GET&%2F&`` and the percent-encoded sorted query; the
RFC 3986 encoding the reference documents and urllib's ``quote_plus``, which the library uses, are both
accepted). Point a client at it with an STS endpoint of ``http://HOST:PORT``. It answers JSON:
``{"RequestId", "Credentials": {"AccessKeyId": "STS....", "AccessKeySecret", "SecurityToken",
"Expiration": "YYYY-MM-DDTHH:MM:SSZ"}, "AssumedRoleUser": {"Arn", "AssumedRoleId"}}``, or
``{"RequestId", "HostId", "Code", "Message"}`` with the HTTP status. Checks, first failing wins:
missing ``AccessKeyId``/``Signature``/``SignatureMethod``/``SignatureVersion``/``SignatureNonce``/
``Timestamp``: 400 ``Missing<Name>``; another method or version: 400 ``InvalidParameter``; unknown key:
404 ``InvalidAccessKeyId.NotFound``; an STS key (``--sts`` or minted) whose ``SecurityToken`` is absent
or wrong: 400 ``InvalidSecurityToken.MismatchWithAccessKey``, expired: 400 ``InvalidSecurityToken.Expired``;
wrong signature: 400 ``SignatureDoesNotMatch``; ``Timestamp`` malformed or more than 15 minutes off:
400 ``InvalidTimeStamp.Format`` / ``.Expired``; a ``SignatureNonce`` seen before: 400
``SignatureNonceUsed``; another action: 400 ``InvalidAction.NotFound``; no ``RoleArn``: 400
``MissingRoleArn``; ``RoleSessionName`` not 2..64 of letters, digits, ``.@_-``: 400
``InvalidParameter.RoleSessionName``; unknown role: 404 ``EntityNotExist.Role``; a caller the role does
not trust, or an ``ExternalId`` other than the role requires: 403 ``NoPermission`` (UNCONFIRMED: the
service's answer to a wrong ExternalId is taken to be the untrusted caller's); ``DurationSeconds`` outside
900..the role's maximum session duration (default 3600): 400 ``InvalidParameter.DurationSeconds``; a
``Policy`` that is not a JSON object of at most 2048 characters: 400 ``InvalidParameter.PolicyGrammar``.

Roles (``Emulator(roles=[...])``, ``add_role(arn, trusted=None, external_id=None,
max_session_duration=3600)``, ``--role ROLE_ARN[=CALLER,...]`` with ``--role-external-id ROLE_ARN=ID``,
``POST /_emulator/sts/roles``):
``trusted`` lists the callers the trust policy names, as access key ids or role ARNs (a caller signing
with credentials minted for that role: role chaining); ``None`` trusts every key the emulator knows.
Minted credentials (``STS.`` + 24 hex digits; the secret starts with ``EmuRoleSecret`` and the token with
``EmuRoleToken``, so a test can look for any of them in output) sign Function Compute requests like
``--sts`` ones, checked as in 11. below, and expire ``DurationSeconds`` after minting, or after the
lifetime set (``Emulator(sts_lifetime=)``, ``set_sts_lifetime(seconds)``, ``--sts-lifetime SECONDS``,
``PUT /_emulator/sts/lifetime``); ``Expiration`` says when, to the second (rounded down). An FC request that arrives
signed with expired ones is 403 ``InvalidSecurityToken.Expired``. ``expire_sts_credentials()`` (``POST
/_emulator/sts/expire``) expires every one minted so far at once. STS requests are never faulted,
throttled or delayed, and are recorded apart from the FC requests (``sts_requests``,
``take_sts_requests()``): ``seq``, ``time``, ``action``, ``access_key_id`` (the caller), ``role_arn``,
``session_name``, ``duration_seconds``, ``external_id``, ``policy``, ``status``, ``code`` and
``minted_access_key_id``; no secret or token is recorded. ``reset()`` leaves roles and minted credentials.

STS admin API (as the one above): ``GET|POST /_emulator/sts/roles`` -> ``{"roles": [...]}`` /
``{"role": {...}}`` (body: ``add_role`` keyword arguments); ``GET /_emulator/sts/requests`` and
``POST /_emulator/sts/requests/take`` -> ``{"requests": [...]}``; ``GET /_emulator/sts/minted`` ->
``{"minted": [{access_key_id, role_arn, session_name, expiration}]}``; ``PUT /_emulator/sts/lifetime``
(body ``{"seconds": N or null}``) -> ``{"seconds": ...}``; ``POST /_emulator/sts/expire`` ->
``{"expired": N}``.

Concurrent updates of one function (off by default): with a ``hold`` of N seconds
(``set_write_conflicts(N)``, ``--write-conflicts N`` or the admin API) every PutAsyncInvokeConfig and
DeleteAsyncInvokeConfig keeps its function busy for N seconds after authentication, and another write to a
config of the same function arriving meanwhile is answered 409 ``ConcurrentUpdateError`` without running
(FC 2.0 documents that answer for concurrent updates of one function; the reference, section 9).

Conventions chosen where the service is not documented
-------------------------------------------------------
These are the emulator's documented choices for everything the reference marks UNCONFIRMED.
Modules must not rely on anything beyond what the real service documents; the emulator is
deliberately strict or conservative where that catches more module bugs.

1. Qualifier (Get/Put/Delete async config, GetFunction): omitted means ``LATEST``.  ``LATEST``
   is literal (case-sensitive).  A string of digits must be an existing version id, else 404
   ``VersionNotFound``.  Anything else matching ``^[a-zA-Z][a-zA-Z0-9_-]{0,127}$`` must be an
   existing alias, else 404 ``AliasNotFound``.  Anything else (including an empty
   ``qualifier=``) is 400 ``InvalidArgument``.  The function is looked up first (404
   ``FunctionNotFound``); its name must match ``^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$`` (else 400
   ``InvalidArgument``).
2. Async config that does not exist (Get/Delete): 404 ``AsyncConfigNotExists``.
   Successful deletes (async config, function, version, alias) answer 204 with an empty body
   (and ``Content-Length: 0``).
3. PutAsyncInvokeConfig creates or updates and answers 200 with the stored AsyncConfig.
   ``put_semantics='merge'`` (default, as the service does: the reference, section 1, settles it
   from the Terraform provider's acceptance tests, which PUT one field at a time): only the
   top-level keys given change; a given ``destinationConfig`` replaces the whole destination set
   (merging inside it is not known).  ``put_semantics='replace'``: the stored config becomes
   exactly the body, absent fields taking the service defaults (``maxAsyncRetryAttempts`` 3,
   ``maxAsyncEventAgeInSeconds`` 86400, ``asyncTask`` false, no destinations); kept so that
   clients can be proven correct under either reading.  A new config takes those defaults for the
   fields its body leaves out.  A key whose value is JSON ``null`` counts as not given.  Unknown
   keys (e.g. ``functionName``) are ignored.
4. Validation of the PUT body (400 ``InvalidArgument``, message names the field and value,
   nothing is stored): body must be a JSON object; ``maxAsyncRetryAttempts`` integer 0..8;
   ``maxAsyncEventAgeInSeconds`` integer 1..604800 (booleans are not integers); ``asyncTask``
   boolean; ``destinationConfig`` object whose ``onSuccess``/``onFailure`` are null/absent or an
   object with a string ``destination`` matching ``^acs:(fc|mns|eventbridge|mq):[a-z0-9-]+:\\d*:.+$``
   (the account id may be empty, as the service accepts: reference section 2).  A side that is
   present but empty (``{}``, or ``"destination": ""``) is 400 ``InvalidDestinationResources``
   "The destination resource is invalid: destination can't be empty.", as the service answers.
   A Function Compute 2.0 function (``acs:fc:REGION:ACCOUNT:services/SVC.QUALIFIER/functions/NAME``)
   is 400 ``InvalidDestinationResources``, the service's code for a destination it cannot use.
5. ``destinationConfig: {}`` (or both sides null) means no destinations.  A config without
   destinations is returned without a ``destinationConfig`` key; a side that is not set is left
   out of the returned ``destinationConfig``.  ``asyncTask`` defaults to false.
6. AsyncConfig never contains ``functionName`` or ``qualifier``; ``functionArn`` identifies it:
   ``acs:fc:{region}:{account}:functions/{name}`` for LATEST; for any other qualifier
   ``arn_style='slash'`` (default, the service's form: reference section 1) gives
   ``.../functions/{name}/{qualifier}``; ``arn_style='colon'`` gives ``.../functions/{name}:{qualifier}``
   for clients that must read both.
7. Timestamps (``createdTime``, ``lastModifiedTime``) are UTC ``YYYY-MM-DDTHH:MM:SSZ``.
   ``createdTime`` is kept from the first PUT of a (function, qualifier); ``lastModifiedTime`` is
   set on every PUT.
8. Lists: ListAsyncInvokeConfigs is sorted by (function name, qualifier) as plain string order
   (so ``"10"`` sorts before ``"2"`` and ``"LATEST"``); ListFunctions and ListAliases by name;
   ListFunctionVersions by numeric id, ``direction`` ``BACKWARD`` (default, newest first) or
   ``FORWARD``.  ``limit`` defaults to 20 and must be a decimal integer 1..100, else 400
   ``InvalidArgument``.  ``nextToken`` is opaque (unpadded urlsafe base64 of the JSON sort key of
   the first item of the next page); it is absent from the last page; an empty ``nextToken=`` means
   the first page; a token that does not decode is 400 ``InvalidArgument``.  A ``functionName``
   filter naming a function that does not exist is 404 ``FunctionNotFound``.
9. Deleting a function drops its versions, aliases and all its async configs; deleting an alias
   or a version drops the async config stored under that qualifier.  A version that an alias
   points to cannot be deleted (400 ``InvalidArgument``).
10. CreateFunction needs string ``functionName``, ``runtime`` and ``handler`` (``code`` is not
    required and is never echoed back); a duplicate name is 409 ``FunctionAlreadyExists``.
    PublishFunctionVersion always publishes (no "nothing changed" check); version ids are
    ``"1"``, ``"2"``, ... and never reused.  CreateAlias needs ``aliasName`` (rule above, not
    ``LATEST``) and an existing ``versionId`` (404 ``VersionNotFound``); a duplicate is 409
    ``AliasAlreadyExists``.
11. Authentication (after faults, before routing), first failing check wins:
    missing/malformed ``Authorization`` or missing/malformed ``x-acs-date``, or a signed header
    absent from the request: 403 ``AccessDenied``; unknown access key id: 403
    ``InvalidAccessKeyID``; ``x-acs-content-sha256`` missing or not the SHA-256 of the body, or a
    wrong signature: 403 ``SignatureNotMatch``; STS access key without the matching
    ``x-acs-security-token``: 403 ``InvalidSecurityToken``; ``x-acs-date`` more than 15 minutes
    off: 403 ``RequestTimeTooSkewed``.  Secrets and tokens never appear in answers or records.
12. An ``x-acs-action`` header that does not name the operation routed from method and path is
    400 ``InvalidAction``.  Any method/path combination not listed above is 404 ``PathNotFound``.
    A body that is not valid JSON where one is needed is 400 ``InvalidArgument``.
13. Injected status faults use the given ``code`` or by status: 429 ``ResourceThrottled``, 500
    ``InternalServerError``, 502 ``BadGateway``, 503 ``ServiceUnavailable``, others
    ``InjectedFault``; with ``retry_after_ms`` the answer carries ``x-acs-retry-after``; with
    ``body`` the answer is that text as is (a proxy's or a stranger's error page), with no request
    id.  A ``drop`` fault runs the request (authentication, operation) and then closes the
    connection without answering: the change is applied, the answer is lost.
14. Every answer carries ``x-fc-request-id``; error bodies are
    ``{"Code": ..., "Message": ..., "RequestId": ...}`` with ``Content-Type: application/json``.
15. ListFunctions filters (every one given must hold): ``prefix`` (name starts with it),
    ``runtime`` and ``resourceGroupId`` (equal), ``tags`` (a JSON list of ``{"Key", "Value"}``, as
    the SDK sends it; the function must carry every pair; not such a list: 400 ``InvalidArgument``)
    and ``fcVersion`` (``v3`` lists every function, ``v2`` none, since all are FC 3.0 ones; any
    other value: 400 ``InvalidArgument``).  An empty value means no filter.  Listed functions
    leave out ``state``, ``stateReason(Code)`` and ``lastUpdateStatus(Reason)(Code)``, which the
    service documents for GetFunction only.  Functions carry ``tags`` as CreateFunction got them.

Facts of a probed service
-------------------------
``--facts FILE`` (``Emulator(facts=...)``, ``set_facts``) takes the JSON that ``make probe`` writes
(build/service-facts.json, the keys of SHIPPED_FACTS) and answers as the probed service did on every
key the file holds (a key left out or null keeps the convention above; ``about`` describes the probe
run and is ignored): ``put_keeps_omitted_fields`` (false: ``put_semantics='replace'``),
``qualified_arn_form`` (the ``arn_style``), ``new_config_defaults`` (the fields a new config gets; a
null one is left out of answers), ``delete_status`` (of a successful DeleteAsyncInvokeConfig),
``missing_config_error`` / ``missing_function_error`` (``{status, code}`` of a config / function that
does not exist, every operation), ``empty_destination_side`` (``accepted``: an empty side means none),
``empty_account_arn`` (``refused``: 400 ``InvalidDestinationResources``), ``list_limit_max`` (of
ListAsyncInvokeConfigs; its default page is the smaller of 20 and it) and ``region_wide_list`` (false:
ListAsyncInvokeConfigs without ``functionName`` is 400 ``InvalidArgument``).

Recorded request dicts: ``seq``, ``time`` (when it arrived, ``time.time()``), ``method``, ``path``
(raw), ``function_name`` (decoded from the path or None), ``query`` (decoded), ``action``
(``x-acs-action`` header or None), ``body`` (parsed JSON or None), ``status``, ``code``,
``access_key_id`` and ``fault``.  A request is
recorded when it arrives; ``status`` is None while it is still being handled (e.g. during a hang)
and stays None when no answer was sent (the emulator stopped during a hang).
"""

import argparse
import base64
import contextlib
import copy
import hashlib
import hmac
import json
import os
import re
import selectors
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from urllib.parse import parse_qsl, quote, quote_plus, unquote

API_VERSION = '2023-03-30'
ADMIN_PREFIX = '/_emulator'

FUNCTION_NAME_RE = re.compile(r'^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$')
ALIAS_NAME_RE = re.compile(r'^[a-zA-Z][a-zA-Z0-9_-]{0,127}$')
VERSION_ID_RE = re.compile(r'^[0-9]+$')
DESTINATION_ARN_RE = re.compile(r'^acs:(fc|mns|eventbridge|mq):[a-z0-9-]+:\d*:.+$')
# The FC 2.0 form of a function ARN, which Function Compute 3.0 does not take as a destination.
FC2_DESTINATION_RE = re.compile(r'^acs:fc:[^:]*:[^:]*:services/')
LIMIT_RE = re.compile(r'^[0-9]{1,9}$')
TOKEN_RE = re.compile(r'^[A-Za-z0-9_-]+={0,2}$')
DATE_FORMAT = '%Y-%m-%dT%H:%M:%SZ'

DEFAULT_RETRY_ATTEMPTS = 3
DEFAULT_EVENT_AGE = 86400
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CLOCK_SKEW = 15 * 60

DEFAULT_CREDENTIALS = {'AKIDEXAMPLE': 'SECRETEXAMPLE'}

FAULT_CODES = {429: 'ResourceThrottled', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable'}

SIGNATURE_MESSAGE = (
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
)

EMPTY_SHA256 = hashlib.sha256(b'').hexdigest()

# Fields of a function that ListFunctions does not return (the service's API reference: "call
# GetFunction" for them).
LIST_OMITS = (
    'state',
    'stateReason',
    'stateReasonCode',
    'lastUpdateStatus',
    'lastUpdateStatusReason',
    'lastUpdateStatusReasonCode',
)


class ApiError(Exception):
    """An error answer of the emulated API."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def _now():
    return time.strftime(DATE_FORMAT, time.gmtime())


def _request_id():
    return f"1-{format(int(time.time()), 'x')}-{uuid.uuid4().hex[:24]}"


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value):
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _invalid(message):
    return ApiError(400, 'InvalidArgument', message)


def acs3_signature(method, target, headers, body, secret):
    """Compute an ACS3-HMAC-SHA256 signature the way the Alibaba Cloud SDK does.

    ``target`` is the request-target as sent (``/path?query``, path percent-encoded, query
    form-encoded); ``headers`` maps lower-case names to values and must contain ``authorization``
    (only its ``SignedHeaders=`` list is used); ``body`` is bytes.  This is the verifier of the
    API reference, section 4.
    """
    path, dummy, query = target.partition('?')
    pairs = dict(parse_qsl(query, keep_blank_values=True))
    canonical_query = '&'.join(f"{k}={quote(pairs[k], safe='~')}" for k in sorted(pairs))
    signed = headers['authorization'].split('SignedHeaders=')[1].split(',')[0]
    canonical_headers = ''.join(f'{name}:{headers[name].strip()}\n' for name in signed.split(';'))
    payload = hashlib.sha256(body).hexdigest()
    canonical_request = '\n'.join([method, path or '/', canonical_query, canonical_headers, signed, payload])
    string_to_sign = f"ACS3-HMAC-SHA256\n{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"
    return hmac.new(secret.encode('utf-8'), string_to_sign.encode('utf-8'), hashlib.sha256).hexdigest()


def sign_headers(method, target, headers, body, access_key_id, secret):
    """Return a copy of ``headers`` (lower-case names) with ``authorization`` added, signing all of them.

    Handy for tests that send raw requests; ``x-acs-content-sha256`` is added when missing.
    """
    result = {k.lower(): v for k, v in headers.items()}
    result.setdefault('x-acs-content-sha256', hashlib.sha256(body).hexdigest())
    signed = ';'.join(sorted(k for k in result if k != 'authorization'))
    result['authorization'] = f'ACS3-HMAC-SHA256 Credential={access_key_id},SignedHeaders={signed},Signature='
    result['authorization'] += acs3_signature(method, target, result, body, secret)
    return result


def _encode_token(key):
    raw = json.dumps(list(key), separators=(',', ':')).encode('utf-8')
    return base64.urlsafe_b64encode(raw).decode('ascii').rstrip('=')


def _decode_token(token, types):
    bad = _invalid(f'invalid nextToken: {_show(token)}')
    if not TOKEN_RE.match(token):
        raise bad
    try:
        key = json.loads(base64.urlsafe_b64decode(token + '=' * (-len(token) % 4)).decode('utf-8'))
    except ValueError:
        raise bad from None
    if not isinstance(key, list) or len(key) != len(types):
        raise bad
    for item, kind in zip(key, types):
        if kind is int and not _is_int(item):
            raise bad
        if kind is str and not isinstance(item, str):
            raise bad
    return tuple(key)


def _parse_limit(value, max_limit=MAX_LIMIT):
    if value is None:
        return min(DEFAULT_LIMIT, max_limit)
    if not LIMIT_RE.match(value) or not 1 <= int(value) <= max_limit:
        raise _invalid(f'invalid limit: {_show(value)} (must be an integer in 1..{max_limit})')
    return int(value)


def _paginate(items, sort_key, types, query, max_limit=MAX_LIMIT):
    """Return (page, next_token) of ``items`` (already sorted by ``sort_key``)."""
    limit = _parse_limit(query.get('limit'), max_limit)
    token = query.get('nextToken')
    if token:
        start = _decode_token(token, types)
        items = [item for item in items if sort_key(item) >= start]
    page = items[:limit]
    next_token = _encode_token(sort_key(items[limit])) if len(items) > limit else None
    return page, next_token


def _page_body(name, page, next_token, extra=None):
    result = {name: page}
    if extra:
        result.update(extra)
    if next_token:
        result['nextToken'] = next_token
    return result


def _parse_tag_filter(value):
    """ListFunctions ``tags``: a JSON list of ``{"Key", "Value"}`` (what the SDK sends); ``[(key, value)]``."""
    if value is None or value == '':
        return []
    bad = _invalid(f'invalid tags: {_show(value)} (must be a JSON list of {{"Key": ..., "Value": ...}})')
    try:
        tags = json.loads(value)
    except ValueError:
        raise bad from None
    if not isinstance(tags, list) or not all(
        isinstance(tag, dict) and isinstance(tag.get('Key'), str) and tag['Key'] for tag in tags
    ):
        raise bad
    return [(tag['Key'], tag.get('Value')) for tag in tags]


def validate_async_config(body, facts=None):
    """Validate a PutAsyncInvokeConfig body; return the given fields normalised (ApiError 400 on bad input).
    ``facts`` (default: the emulator's conventions) decide an empty side and an ARN without an account id."""
    facts = SHIPPED_FACTS if facts is None else facts
    if not isinstance(body, dict):
        raise _invalid(f'request body must be a JSON object, got {_show(body)}')
    fields = {}
    value = body.get('maxAsyncRetryAttempts')
    if value is not None:
        if not _is_int(value) or not 0 <= value <= 8:
            raise _invalid(f'invalid maxAsyncRetryAttempts: {_show(value)} (must be an integer in 0..8)')
        fields['maxAsyncRetryAttempts'] = value
    value = body.get('maxAsyncEventAgeInSeconds')
    if value is not None:
        if not _is_int(value) or not 1 <= value <= 604800:
            raise _invalid(f'invalid maxAsyncEventAgeInSeconds: {_show(value)} (must be an integer in 1..604800)')
        fields['maxAsyncEventAgeInSeconds'] = value
    value = body.get('asyncTask')
    if value is not None:
        if not isinstance(value, bool):
            raise _invalid(f'invalid asyncTask: {_show(value)} (must be a boolean)')
        fields['asyncTask'] = value
    value = body.get('destinationConfig')
    if value is not None:
        if not isinstance(value, dict):
            raise _invalid(f'invalid destinationConfig: {_show(value)} (must be an object)')
        destinations = {}
        for side in ('onSuccess', 'onFailure'):
            target = value.get(side)
            if target is None:
                continue
            if not isinstance(target, dict):
                raise _invalid(
                    f'invalid destinationConfig.{side}: {_show(target)} (must be an object with a destination)'
                )
            arn = target.get('destination')
            if (arn is None or arn == '') and facts['empty_destination_side'] == 'accepted':
                continue
            if arn is None or arn == '':
                raise ApiError(
                    400,
                    'InvalidDestinationResources',
                    "The destination resource is invalid: destination can't be empty.",
                )
            if not isinstance(arn, str) or not DESTINATION_ARN_RE.match(arn):
                raise _invalid(
                    f'invalid destinationConfig.{side}.destination: {_show(arn)} '
                    f'(must be an ARN matching {DESTINATION_ARN_RE.pattern})'
                )
            if FC2_DESTINATION_RE.match(arn):
                # The service refuses a destination it cannot use with InvalidDestinationResources,
                # "The destination resource is invalid: ..." (shared/reference/fc3-api.md, section 2).
                raise ApiError(
                    400,
                    'InvalidDestinationResources',
                    f'The destination resource is invalid: {arn} is a Function Compute 2.0 function '
                    f'(services/SERVICE.QUALIFIER/functions/NAME); a Function Compute 3.0 function is '
                    f'acs:fc:REGION:ACCOUNT_ID:functions/NAME.',
                )
            _check_account_fact(arn, facts)
            destinations[side] = {'destination': arn}
        fields['destinationConfig'] = destinations
    return fields


def _default_async_config(facts=None):
    defaults = (SHIPPED_FACTS if facts is None else facts)['new_config_defaults']
    return {
        'asyncTask': defaults['async_task'],
        'maxAsyncEventAgeInSeconds': defaults['max_async_event_age_in_seconds'],
        'maxAsyncRetryAttempts': defaults['max_async_retry_attempts'],
        'destinationConfig': {},
    }


# ---------------------------------------------------------------------- facts of a probed service
# `make probe` (tests/live/probe.py) asks a real service each question below and writes the answers to
# build/service-facts.json; ``--facts FILE`` (``Emulator(facts=...)``) makes the emulator answer as that
# service did on every key the file holds. SHIPPED_FACTS are the emulator's own conventions (the
# docstring's list above); the probe prints them beside the service's answers.

SHIPPED_FACTS = {
    'put_keeps_omitted_fields': True,
    'qualified_arn_form': 'slash',
    'new_config_defaults': {
        'max_async_retry_attempts': DEFAULT_RETRY_ATTEMPTS,
        'max_async_event_age_in_seconds': DEFAULT_EVENT_AGE,
        'async_task': False,
    },
    'delete_status': 204,
    'missing_config_error': {'status': 404, 'code': 'AsyncConfigNotExists'},
    'missing_function_error': {'status': 404, 'code': 'FunctionNotFound'},
    'empty_destination_side': 'refused',
    'empty_account_arn': 'accepted',
    'list_limit_max': MAX_LIMIT,
    'region_wide_list': True,
}
# Keys of a facts file that describe the probe run (endpoint, region, time, SDK), not the service.
FACTS_ABOUT_KEYS = ('about',)


def _is_error_fact(value):
    return (
        isinstance(value, dict)
        and set(value) == {'status', 'code'}
        and _is_int(value['status'])
        and 400 <= value['status'] <= 599
        and isinstance(value['code'], str)
        and bool(value['code'])
    )


_DEFAULT_FIELDS = {
    'max_async_retry_attempts': lambda v: v is None or (_is_int(v) and 0 <= v <= 8),
    'max_async_event_age_in_seconds': lambda v: v is None or (_is_int(v) and 1 <= v <= 604800),
    'async_task': lambda v: v is None or isinstance(v, bool),
}
_FACT_CHECKS = {
    'put_keeps_omitted_fields': lambda v: isinstance(v, bool),
    'qualified_arn_form': lambda v: v in ('slash', 'colon'),
    'new_config_defaults': lambda v: (
        isinstance(v, dict) and set(v) == set(_DEFAULT_FIELDS) and all(_DEFAULT_FIELDS[k](v[k]) for k in v)
    ),
    'delete_status': lambda v: _is_int(v) and 200 <= v <= 299,
    'missing_config_error': _is_error_fact,
    'missing_function_error': _is_error_fact,
    'empty_destination_side': lambda v: v in ('refused', 'accepted'),
    'empty_account_arn': lambda v: v in ('accepted', 'refused'),
    'list_limit_max': lambda v: _is_int(v) and 1 <= v <= 1000,
    'region_wide_list': lambda v: isinstance(v, bool),
}
EMPTY_ACCOUNT_ARN_RE = re.compile(r'^acs:[a-z]+:[a-z0-9-]+::')


def check_facts(data):
    """The facts of a facts file (``make probe``'s JSON) over SHIPPED_FACTS: a key the file leaves out or holds
    as null (the probe could not tell) keeps the emulator's convention. Raises ValueError naming a bad key."""
    if not isinstance(data, dict):
        raise ValueError('facts must be a JSON object')
    unknown = set(data) - set(SHIPPED_FACTS) - set(FACTS_ABOUT_KEYS)
    if unknown:
        raise ValueError(f"unknown facts: {', '.join(sorted(unknown))} (known: {', '.join(SHIPPED_FACTS)})")
    facts = copy.deepcopy(SHIPPED_FACTS)
    for key, value in data.items():
        if key in FACTS_ABOUT_KEYS or value is None:
            continue
        if not _FACT_CHECKS[key](value):
            raise ValueError(f'bad fact {key}: {_show(value)} (the emulator convention is {_show(SHIPPED_FACTS[key])})')
        facts[key] = copy.deepcopy(value)
    return facts


def _check_account_fact(arn, facts):
    if facts['empty_account_arn'] == 'refused' and EMPTY_ACCOUNT_ARN_RE.match(arn):
        raise ApiError(
            400,
            'InvalidDestinationResources',
            f'The destination resource is invalid: {arn} has no account id.',
        )


def _fact_error(facts, key, message):
    return ApiError(facts[key]['status'], facts[key]['code'], message)


# (method, raw path regex, action, operation method name, names of the path groups)
_ROUTES = [
    ('GET', r'/async-invoke-configs', 'ListAsyncInvokeConfigs', '_op_list_async_configs', ()),
    ('GET', r'/functions/([^/]*)/async-invoke-config', 'GetAsyncInvokeConfig', '_op_get_async_config', ('fn',)),
    ('PUT', r'/functions/([^/]*)/async-invoke-config', 'PutAsyncInvokeConfig', '_op_put_async_config', ('fn',)),
    (
        'DELETE',
        r'/functions/([^/]*)/async-invoke-config',
        'DeleteAsyncInvokeConfig',
        '_op_delete_async_config',
        ('fn',),
    ),
    ('GET', r'/functions', 'ListFunctions', '_op_list_functions', ()),
    ('POST', r'/functions', 'CreateFunction', '_op_create_function', ()),
    ('GET', r'/functions/([^/]*)', 'GetFunction', '_op_get_function', ('fn',)),
    ('DELETE', r'/functions/([^/]*)', 'DeleteFunction', '_op_delete_function', ('fn',)),
    ('GET', r'/functions/([^/]*)/versions', 'ListFunctionVersions', '_op_list_versions', ('fn',)),
    ('POST', r'/functions/([^/]*)/versions', 'PublishFunctionVersion', '_op_publish_version', ('fn',)),
    (
        'DELETE',
        r'/functions/([^/]*)/versions/([^/]*)',
        'DeleteFunctionVersion',
        '_op_delete_version',
        ('fn', 'version'),
    ),
    ('GET', r'/functions/([^/]*)/aliases', 'ListAliases', '_op_list_aliases', ('fn',)),
    ('POST', r'/functions/([^/]*)/aliases', 'CreateAlias', '_op_create_alias', ('fn',)),
    ('GET', r'/functions/([^/]*)/aliases/([^/]*)', 'GetAlias', '_op_get_alias', ('fn', 'alias')),
    ('DELETE', r'/functions/([^/]*)/aliases/([^/]*)', 'DeleteAlias', '_op_delete_alias', ('fn', 'alias')),
]
ROUTES = [
    (method, re.compile(f'^/{API_VERSION}{pattern}$'), action, op, names)
    for method, pattern, action, op, names in _ROUTES
]


def route(method, path):
    """Return (action, operation name, {group: decoded value}) for a raw path, or None."""
    for r_method, regex, action, op, names in ROUTES:
        match = regex.match(path)
        if match and r_method == method:
            return action, op, {name: unquote(value) for name, value in zip(names, match.groups())}
    return None


def _path_function_name(path):
    match = re.match(rf'^/{API_VERSION}/functions/([^/]*)', path)
    return unquote(match.group(1)) if match else None


# ---------------------------------------------------------------------- STS (AssumeRole)
# The Security Token Service as alibabacloud-credentials calls it: RPC style at "/", query parameters, signature
# version 1.0 (HMAC-SHA1 over the canonicalized query). See "STS" in the module docstring.

STS_VERSION = '2015-04-01'
STS_HOST_ID = 'sts.aliyuncs.com'
STS_ROLE_ARN_RE = re.compile(r'^acs:ram::(\d+):role/(\S+)$', re.IGNORECASE)
STS_SESSION_NAME_RE = re.compile(r'^[A-Za-z0-9.@_-]{2,64}$')
STS_DURATION_RANGE = (900, 43200)
STS_DEFAULT_MAX_SESSION = 3600
STS_MAX_POLICY = 2048


def sts_percent_encode(value, plus=False):
    """RPC signature 1.0 encoding: RFC 3986 (``%20``, ``%2A``, ``~`` kept); ``plus=True``: urllib's ``quote_plus``,
    what alibabacloud-credentials sends (the two differ only for spaces, ``*`` and ``~``)."""
    if plus:
        return quote_plus(value)
    return quote(value, safe='~')


def sts_signature(params, secret, method='GET', plus=False):
    """The signature 1.0 of the RPC request ``params`` (every query parameter but ``Signature``)."""
    canonical = '&'.join(
        f'{sts_percent_encode(key, plus)}={sts_percent_encode(params[key], plus)}'
        for key in sorted(params)
        if key != 'Signature'
    )
    string_to_sign = f'{method}&{sts_percent_encode("/", plus)}&{sts_percent_encode(canonical, plus)}'
    digest = hmac.new(f'{secret}&'.encode('utf-8'), string_to_sign.encode('utf-8'), hashlib.sha1).digest()
    return base64.b64encode(digest).decode('ascii')


class StsError(Exception):
    """An STS error answer: HTTP status, code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class _StsEmulator:
    """The STS side of the emulator (a mixin of ``Emulator``): roles, AssumeRole, minted credentials."""

    def _init_sts(self, roles=None, sts_lifetime=None):
        self._sts_lock = threading.Lock()
        self._roles = {}
        self._minted = {}
        self._sts_records = []
        self._sts_nonces = set()
        self._sts_lifetime = None
        self.set_sts_lifetime(sts_lifetime)
        for role in roles or ():
            self.add_role(**role)

    # -- configuration

    def add_role(self, arn, trusted=None, external_id=None, max_session_duration=STS_DEFAULT_MAX_SESSION):
        """Add (or replace) the RAM role ``arn``; returns it as a dict. ``trusted``: the callers its trust policy
        lets assume it, as access key ids or role ARNs (a caller signing with credentials minted for that role);
        ``None`` trusts every key the emulator knows. ``external_id``: the ExternalId its trust policy requires."""
        if not isinstance(arn, str) or not STS_ROLE_ARN_RE.match(arn):
            raise ValueError(f'role arn must look like acs:ram::ACCOUNT:role/NAME, got {arn!r}')
        if trusted is not None and (
            not isinstance(trusted, list) or not all(isinstance(item, str) and item for item in trusted)
        ):
            raise ValueError('trusted must be a list of access key ids or role ARNs, or null')
        if external_id is not None and not isinstance(external_id, str):
            raise ValueError('external_id must be a string or null')
        low, high = STS_DURATION_RANGE
        if not _is_int(max_session_duration) or not low <= max_session_duration <= high:
            raise ValueError(f'max_session_duration must be an integer {low}..{high}')
        role = {
            'arn': arn,
            'trusted': None if trusted is None else list(trusted),
            'external_id': external_id,
            'max_session_duration': max_session_duration,
        }
        with self._sts_lock:
            self._roles[arn.lower()] = role
        return copy.deepcopy(role)

    @property
    def roles(self):
        with self._sts_lock:
            return copy.deepcopy(list(self._roles.values()))

    def set_sts_lifetime(self, seconds):
        """Minted credentials live ``seconds`` (an integer >= 1) whatever DurationSeconds asked; ``None``: as asked."""
        if seconds is not None and (not _is_int(seconds) or seconds < 1):
            raise ValueError('sts lifetime must be an integer of seconds >= 1, or null')
        self._sts_lifetime = seconds

    def expire_sts_credentials(self):
        """Every credential minted so far expires now; returns how many were still valid."""
        now = time.time()
        with self._sts_lock:
            alive = [item for item in self._minted.values() if item['expires_at'] > now]
            for item in alive:
                item['expires_at'] = now
        return len(alive)

    @property
    def sts_requests(self):
        """The AssumeRole requests, in order: ``seq``, ``time``, ``access_key_id`` (the caller), ``role_arn``,
        ``session_name``, ``duration_seconds``, ``external_id``, ``policy``, ``status``, ``code`` and
        ``minted_access_key_id`` (no secret, no token)."""
        with self._sts_lock:
            return copy.deepcopy(self._sts_records)

    def take_sts_requests(self):
        with self._sts_lock:
            taken, self._sts_records = self._sts_records, []
            return taken

    @property
    def minted(self):
        """The credentials minted so far, without their secrets: ``access_key_id``, ``role_arn``, ``session_name``,
        ``expiration`` (as returned)."""
        with self._sts_lock:
            return [
                {key: item[key] for key in ('access_key_id', 'role_arn', 'session_name', 'expiration')}
                for item in self._minted.values()
            ]

    def minted_secret(self, access_key_id):
        """``(secret, token, expires_at, role_arn)`` of a minted key, or None. For the FC side's authentication."""
        with self._sts_lock:
            item = self._minted.get(access_key_id)
            return None if item is None else (item['secret'], item['token'], item['expires_at'], item['role_arn'])

    # -- the API

    def _handle_sts(self, method, target, headers, body):
        raw_query = target.partition('?')[2]
        params = dict(parse_qsl(raw_query, keep_blank_values=True))
        if method == 'POST' and body and 'x-www-form-urlencoded' in headers.get('content-type', ''):
            params.update(parse_qsl(body.decode('utf-8'), keep_blank_values=True))
        request_id = str(uuid.uuid4()).upper()
        record = {
            'seq': None,
            'time': time.time(),
            'action': params.get('Action'),
            'access_key_id': params.get('AccessKeyId'),
            'role_arn': params.get('RoleArn'),
            'session_name': params.get('RoleSessionName'),
            'duration_seconds': params.get('DurationSeconds'),
            'external_id': params.get('ExternalId'),
            'policy': params.get('Policy'),
            'status': None,
            'code': None,
            'minted_access_key_id': None,
        }
        with self._sts_lock:
            record['seq'] = len(self._sts_records) + 1
            self._sts_records.append(record)
        try:
            status, payload = 200, self._assume_role(method, params, record)
        except StsError as exc:
            status = exc.status
            payload = {'RequestId': request_id, 'HostId': STS_HOST_ID, 'Code': exc.code, 'Message': exc.message}
            with self._sts_lock:
                record.update(status=exc.status, code=exc.code)
        else:
            payload['RequestId'] = request_id
            with self._sts_lock:
                record['status'] = 200
        headers_out = [('Content-Type', 'application/json;charset=utf-8'), ('x-acs-request-id', request_id)]
        return status, headers_out, json.dumps(payload).encode('utf-8')

    def _sts_caller(self, params):
        """``(secret, identity)`` of the caller: its key's secret, and what a trust policy names it by."""
        access_key_id = params['AccessKeyId']
        if access_key_id in self.credentials:
            return self.credentials[access_key_id], access_key_id
        if access_key_id in self.sts_credentials:
            secret, token = self.sts_credentials[access_key_id]
            self._sts_check_token(params, token, None)
            return secret, access_key_id
        minted = self.minted_secret(access_key_id)
        if minted is not None:
            secret, token, expires_at, role_arn = minted
            self._sts_check_token(params, token, expires_at)
            return secret, role_arn
        raise StsError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')

    @staticmethod
    def _sts_check_token(params, token, expires_at):
        if not hmac.compare_digest(params.get('SecurityToken', ''), token):
            raise StsError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token does not match.')
        if expires_at is not None and time.time() >= expires_at:
            raise StsError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.')

    def _assume_role(self, method, params, record):
        for name in ('AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'):
            if not params.get(name):
                raise StsError(400, f'Missing{name}', f'{name} is mandatory for this action.')
        if params['SignatureMethod'] != 'HMAC-SHA1' or params['SignatureVersion'] != '1.0':
            raise StsError(400, 'InvalidParameter', 'SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.')
        secret, caller = self._sts_caller(params)
        signature = params['Signature']
        if not any(
            hmac.compare_digest(sts_signature(params, secret, method, plus), signature) for plus in (False, True)
        ):
            raise StsError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.')
        try:
            sent = datetime.strptime(params['Timestamp'], DATE_FORMAT).replace(tzinfo=timezone.utc)
        except ValueError:
            raise StsError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.')
        if abs((datetime.now(timezone.utc) - sent).total_seconds()) > MAX_CLOCK_SKEW:
            raise StsError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
        with self._sts_lock:
            if params['SignatureNonce'] in self._sts_nonces:
                raise StsError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
            self._sts_nonces.add(params['SignatureNonce'])
        if params.get('Action') != 'AssumeRole' or params.get('Version') != STS_VERSION:
            raise StsError(
                400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'
            )
        return self._mint(params, caller, record)

    def _mint(self, params, caller, record):
        arn = params.get('RoleArn') or ''
        if not arn:
            raise StsError(400, 'MissingRoleArn', 'RoleArn is mandatory for this action.')
        session_name = params.get('RoleSessionName') or ''
        if not STS_SESSION_NAME_RE.match(session_name):
            raise StsError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.')
        with self._sts_lock:
            role = copy.deepcopy(self._roles.get(arn.lower()))
        if role is None:
            raise StsError(404, 'EntityNotExist.Role', f'The specified Role not exists: {arn}.')
        if role['trusted'] is not None and caller not in role['trusted']:
            raise StsError(
                403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'
            )
        if role['external_id'] is not None and params.get('ExternalId') != role['external_id']:
            raise StsError(
                403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'
            )
        duration = params.get('DurationSeconds') or '3600'
        if not duration.isdigit() or not STS_DURATION_RANGE[0] <= int(duration) <= role['max_session_duration']:
            raise StsError(
                400,
                'InvalidParameter.DurationSeconds',
                f'The Min/Max value of DurationSeconds is {STS_DURATION_RANGE[0]}s/{role["max_session_duration"]}s.',
            )
        policy = params.get('Policy')
        if policy is not None:
            try:
                valid = isinstance(json.loads(policy), dict) and len(policy) <= STS_MAX_POLICY
            except ValueError:
                valid = False
            if not valid:
                raise StsError(
                    400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check.'
                )
        lifetime = self._sts_lifetime or int(duration)
        # Expiration is told to the second, rounded down: a client never takes them for valid longer than they are.
        expires_at = time.time() + lifetime
        access_key_id = 'STS.' + uuid.uuid4().hex[:24]
        minted = {
            'access_key_id': access_key_id,
            # Prefixed so that a test can look for any minted secret or token in output without knowing it.
            'secret': 'EmuRoleSecret' + uuid.uuid4().hex,
            'token': 'EmuRoleToken' + uuid.uuid4().hex + uuid.uuid4().hex,
            'expires_at': expires_at,
            'expiration': time.strftime(DATE_FORMAT, time.gmtime(expires_at)),
            'role_arn': role['arn'],
            'session_name': session_name,
        }
        account, name = STS_ROLE_ARN_RE.match(role['arn']).groups()
        with self._sts_lock:
            self._minted[access_key_id] = minted
            record['minted_access_key_id'] = access_key_id
        return {
            'Credentials': {
                'AccessKeyId': access_key_id,
                'AccessKeySecret': minted['secret'],
                'SecurityToken': minted['token'],
                'Expiration': minted['expiration'],
            },
            'AssumedRoleUser': {
                'Arn': f'acs:ram::{account}:assumed-role/{name}/{session_name}',
                'AssumedRoleId': f'3{uuid.uuid4().int % 10**17:017d}:{session_name}',
            },
        }

    # -- the admin API

    def _handle_sts_admin(self, method, path, data):
        """``/_emulator/sts/...``: see "STS" in the module docstring; None for a path that is not one of them."""
        if path == f'{ADMIN_PREFIX}/sts/roles' and method == 'GET':
            return self._admin_answer(200, {'roles': self.roles})
        if path == f'{ADMIN_PREFIX}/sts/roles' and method == 'POST':
            if not isinstance(data, dict):
                raise ValueError('role must be a JSON object of add_role arguments')
            return self._admin_answer(200, {'role': self.add_role(**data)})
        if path == f'{ADMIN_PREFIX}/sts/requests' and method == 'GET':
            return self._admin_answer(200, {'requests': self.sts_requests})
        if path == f'{ADMIN_PREFIX}/sts/requests/take' and method == 'POST':
            return self._admin_answer(200, {'requests': self.take_sts_requests()})
        if path == f'{ADMIN_PREFIX}/sts/minted' and method == 'GET':
            return self._admin_answer(200, {'minted': self.minted})
        if path == f'{ADMIN_PREFIX}/sts/lifetime' and method == 'PUT':
            if not isinstance(data, dict) or set(data) - {'seconds'}:
                raise ValueError('lifetime must be a JSON object {"seconds": N or null}')
            self.set_sts_lifetime(data.get('seconds'))
            return self._admin_answer(200, {'seconds': self._sts_lifetime})
        if path == f'{ADMIN_PREFIX}/sts/expire' and method == 'POST':
            return self._admin_answer(200, {'expired': self.expire_sts_credentials()})
        return None


class Emulator(_StsEmulator):
    """In-process FC3 emulator; see the module docstring."""

    def __init__(
        self,
        host='127.0.0.1',
        port=0,
        region='cn-hangzhou',
        account_id='1234567890123456',
        credentials=None,
        sts_credentials=None,
        arn_style='slash',
        put_semantics='merge',
        rate_limit=None,
        burst=None,
        rate_limit_retry_after_ms=None,
        latency=0,
        facts=None,
        roles=None,
        sts_lifetime=None,
    ):
        self.arn_style, self.put_semantics = 'slash', 'merge'
        self.set_semantics(arn_style, put_semantics)
        self.facts = copy.deepcopy(SHIPPED_FACTS)
        if facts is not None:
            self.set_facts(facts)
        self.host = host
        self._port = port
        self.region = region
        self.account_id = str(account_id)
        self.credentials = dict(DEFAULT_CREDENTIALS if credentials is None else credentials)
        self.sts_credentials = {ak: tuple(v) for ak, v in (sts_credentials or {}).items()}
        self._lock = threading.Lock()
        self._functions = {}
        self._configs = {}
        self._faults = []
        self._fault_seq = 0
        self._records = []
        self._seq = 0
        self._server = None
        self._thread = None
        self._bound_port = None
        self._stopping = threading.Event()
        self._limits_lock = threading.Lock()
        self._limits = {}
        self._bucket = None
        self.set_rate_limit(rate_limit, burst, rate_limit_retry_after_ms)
        self.set_latency(latency)
        self._init_sts(roles, sts_lifetime)

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        """Bind and serve from a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError('emulator already started')
        self._stopping = threading.Event()
        self._server = _Server((self.host, self._port), self)
        self._bound_port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_until_closed, name=f'fc3-emulator-{self.port}', daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        """Stop serving: wakes hanging requests, closes the listener and all open connections."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.wake_and_close()
        thread.join(timeout=5)
        server.server_close()
        server.close_connections()
        self._server = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def port(self):
        """The bound port once started (still the last one after stop()), else the configured port."""
        return self._bound_port if self._bound_port is not None else self._port

    @property
    def endpoint(self):
        host = f'[{self.host}]' if ':' in self.host else self.host
        return f'{host}:{self.port}'

    @property
    def url(self):
        return f"http://{self.endpoint}"

    # ------------------------------------------------------------------ records and faults

    @property
    def requests(self):
        with self._lock:
            return copy.deepcopy(self._records)

    def clear_requests(self):
        with self._lock:
            self._records = []

    def take_requests(self):
        """The recorded requests, cleared in the same step (none is lost between a read and a clear)."""
        with self._lock:
            taken, self._records = self._records, []
            return taken

    @property
    def faults(self):
        with self._lock:
            return copy.deepcopy(self._faults)

    def add_fault(
        self,
        status=None,
        hang=None,
        count=1,
        action=None,
        method=None,
        code=None,
        retry_after_ms=None,
        message=None,
        drop=False,
        body=None,
        content_type=None,
        function=None,
    ):
        """Add a fault rule; returns it as a dict. Raises ValueError on bad arguments.

        Kinds: ``status`` answers with that HTTP status instead of running the operation (the service's
        JSON error body, or ``body`` sent as is with ``content_type``, default ``text/html``: what a
        proxy or another web server would answer); ``hang`` waits that many seconds, then runs the
        operation; ``drop=True`` runs the operation, then closes the connection without an answer (the
        answer is lost after the service applied the request). ``action``, ``method`` and ``function``
        (the function named in the path) narrow which requests a rule hits.
        """
        if not isinstance(drop, bool):
            raise ValueError(f'drop must be true or false, got {drop!r}')
        if [status is not None, hang is not None, drop].count(True) != 1:
            raise ValueError('a fault needs exactly one of status, hang or drop')
        for name, value in (('body', body), ('content_type', content_type)):
            if value is not None and (status is None or not isinstance(value, str)):
                raise ValueError(f'{name} must be a string and only applies to status faults, got {value!r}')
        if status is not None and (not _is_int(status) or not 400 <= status <= 599):
            raise ValueError(f'status must be an integer in 400..599, got {status!r}')
        if hang is not None and (not isinstance(hang, (int, float)) or isinstance(hang, bool) or not 0 <= hang <= 3600):
            raise ValueError(f'hang must be a number of seconds in 0..3600, got {hang!r}')
        if not _is_int(count) or count < 1:
            raise ValueError(f'count must be a positive integer, got {count!r}')
        for name, value in (
            ('action', action),
            ('method', method),
            ('code', code),
            ('message', message),
            ('function', function),
        ):
            if value is not None and (not isinstance(value, str) or not value):
                raise ValueError(f'{name} must be a non-empty string, got {value!r}')
        if retry_after_ms is not None and (not _is_int(retry_after_ms) or retry_after_ms < 1):
            raise ValueError(f'retry_after_ms must be a positive integer, got {retry_after_ms!r}')
        if status is None and (code is not None or retry_after_ms is not None or message is not None):
            raise ValueError('code, message and retry_after_ms only apply to status faults')
        kind = 'status' if status is not None else 'hang' if hang is not None else 'drop'
        with self._lock:
            self._fault_seq += 1
            rule = {
                'id': self._fault_seq,
                'kind': kind,
                'status': status,
                'hang': hang,
                'count': count,
                'remaining': count,
                'action': action,
                'method': method.upper() if method else None,
                'code': code,
                'retry_after_ms': retry_after_ms,
                'message': message,
                'body': body,
                'content_type': content_type,
                'function': function,
            }
            self._faults.append(rule)
            return dict(rule)

    def clear_faults(self):
        with self._lock:
            self._faults = []

    def _take_fault(self, method, action, function_name):
        with self._lock:
            for rule in self._faults:
                if rule['remaining'] < 1:
                    continue
                if rule['method'] is not None and rule['method'] != method:
                    continue
                if rule['action'] is not None and rule['action'] != action:
                    continue
                if rule['function'] is not None and rule['function'] != function_name:
                    continue
                rule['remaining'] -= 1
                return dict(rule)
        return None

    # ------------------------------------------------------------------ service limits

    def set_rate_limit(self, rate, burst=None, retry_after_ms=None):
        """Answer 429 ``TooManyRequests`` beyond ``rate`` requests/s (token bucket of ``burst`` tokens,
        full now; default ``ceil(rate)``), with ``x-acs-retry-after`` when ``retry_after_ms`` is set.
        ``rate=None`` lifts the limit. Raises ValueError on bad arguments."""
        if rate is not None and (
            isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 100000
        ):
            raise ValueError(f'rate must be a number of requests per second in (0, 100000], got {rate!r}')
        if burst is not None and (not _is_int(burst) or burst < 1):
            raise ValueError(f'burst must be a positive integer, got {burst!r}')
        if retry_after_ms is not None and (not _is_int(retry_after_ms) or retry_after_ms < 1):
            raise ValueError(f'retry_after_ms must be a positive integer, got {retry_after_ms!r}')
        if rate is None and (burst is not None or retry_after_ms is not None):
            raise ValueError('burst and retry_after_ms need a rate')
        with self._limits_lock:
            if rate is None:
                self._bucket = None
            else:
                capacity = burst if burst is not None else max(1, int(-(-rate // 1)))
                self._bucket = {
                    'rate': float(rate),
                    'burst': capacity,
                    'retry_after_ms': retry_after_ms,
                    'tokens': float(capacity),
                    'at': time.monotonic(),
                }
            self._limits.update(
                rate=rate, burst=None if rate is None else self._bucket['burst'], retry_after_ms=retry_after_ms
            )

    def set_latency(self, seconds):
        """Hold every API answer back ``seconds`` (0: none). Raises ValueError on bad arguments."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 60:
            raise ValueError(f'latency must be a number of seconds in 0..60, got {seconds!r}')
        with self._limits_lock:
            self._limits['latency'] = seconds

    @property
    def limits(self):
        """``{"rate", "burst", "retry_after_ms", "latency"}`` as set now."""
        with self._limits_lock:
            return dict(self._limits)

    def _take_token(self):
        """None when the request may run, else the 429 ApiError of the service's flow control."""
        with self._limits_lock:
            bucket = self._bucket
            if bucket is None:
                return None
            now = time.monotonic()
            bucket['tokens'] = min(bucket['burst'], bucket['tokens'] + (now - bucket['at']) * bucket['rate'])
            bucket['at'] = now
            if bucket['tokens'] >= 1:
                bucket['tokens'] -= 1
                return None
            headers = {}
            if bucket['retry_after_ms'] is not None:
                headers['x-acs-retry-after'] = str(bucket['retry_after_ms'])
            return ApiError(
                429,
                'TooManyRequests',
                f"Request rate exceeds the limit of {bucket['rate']:g} requests per second (flow control).",
                headers,
            )

    # ------------------------------------------------------------------ seed, reset, state

    @property
    def semantics(self):
        return {'arn_style': self.arn_style, 'put_semantics': self.put_semantics}

    def set_semantics(self, arn_style=None, put_semantics=None):
        """Switch the readings of the undocumented behaviour (None keeps the current one); the store stays."""
        if arn_style is not None and arn_style not in ('slash', 'colon'):
            raise ValueError(f"arn_style must be 'slash' or 'colon', got {arn_style!r}")
        if put_semantics is not None and put_semantics not in ('replace', 'merge'):
            raise ValueError(f"put_semantics must be 'replace' or 'merge', got {put_semantics!r}")
        self.arn_style = arn_style or self.arn_style
        self.put_semantics = put_semantics or self.put_semantics

    def set_facts(self, data):
        """Answer as a probed service did (``check_facts``): the facts decide the readings of set_semantics too."""
        self.facts = check_facts(data)
        keeps = data.get('put_keeps_omitted_fields')
        self.set_semantics(
            arn_style=data.get('qualified_arn_form'),
            put_semantics=None if keeps is None else 'merge' if keeps else 'replace',
        )

    def reset(self):
        """Drop all functions, configs, faults and recorded requests."""
        with self._lock:
            self._functions = {}
            self._configs = {}
            self._faults = []
            self._records = []

    def seed(self, data):
        """Add functions/versions/aliases/async configs; all or nothing. Raises ValueError on bad data."""
        if not isinstance(data, dict):
            raise ValueError('seed data must be an object')
        unknown = set(data) - {'functions', 'async_configs'}
        if unknown:
            raise ValueError(f"unknown seed keys: {', '.join(sorted(unknown))}")
        functions = data.get('functions') or []
        configs = data.get('async_configs') or []
        if not isinstance(functions, list) or not isinstance(configs, list):
            raise ValueError('seed functions and async_configs must be lists')
        with self._lock:
            saved = copy.deepcopy((self._functions, self._configs))
            try:
                for item in functions:
                    self._seed_function(item)
                for item in configs:
                    self._seed_config(item)
            except ApiError as exc:
                self._functions, self._configs = saved
                raise ValueError(f'bad seed data: {exc.code}: {exc.message}') from None
            except (ValueError, TypeError) as exc:
                self._functions, self._configs = saved
                raise ValueError(f'bad seed data: {exc}') from None

    def _seed_function(self, item):
        if not isinstance(item, dict):
            raise ValueError(f'a seed function must be an object, got {_show(item)}')
        unknown = set(item) - {
            'name',
            'runtime',
            'handler',
            'description',
            'versions',
            'aliases',
            'tags',
            'resource_group_id',
        }
        if unknown:
            raise ValueError(f"unknown keys in seed function: {', '.join(sorted(unknown))}")
        tags = item.get('tags') or {}
        if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
            raise ValueError(f'seed function tags must map tag keys to string values, got {_show(tags)}')
        self._create_function(
            {
                'functionName': item.get('name'),
                'runtime': item.get('runtime', 'python3.10'),
                'handler': item.get('handler', 'index.handler'),
                'description': item.get('description', ''),
                'tags': [{'Key': key, 'Value': value} for key, value in tags.items()],
                'resourceGroupId': item.get('resource_group_id'),
            }
        )
        versions = item.get('versions', 0)
        if not _is_int(versions) or versions < 0:
            raise ValueError(f'seed function versions must be a non-negative integer, got {_show(versions)}')
        for dummy in range(versions):
            self._publish_version(item['name'], {})
        aliases = item.get('aliases') or {}
        if not isinstance(aliases, dict):
            raise ValueError('seed function aliases must map alias name to version id')
        for alias, version in aliases.items():
            self._create_alias(
                item['name'], {'aliasName': alias, 'versionId': str(version) if _is_int(version) else version}
            )

    def _seed_config(self, item):
        if not isinstance(item, dict):
            raise ValueError(f'a seed async config must be an object, got {_show(item)}')
        unknown = set(item) - {'function_name', 'qualifier', 'config'}
        if unknown:
            raise ValueError(f"unknown keys in seed async config: {', '.join(sorted(unknown))}")
        name = item.get('function_name')
        query = {} if item.get('qualifier') is None else {'qualifier': item['qualifier']}
        self._put_async_config(name, query, item.get('config', {}))

    def state(self):
        """JSON-able snapshot: {"region", "account_id", "functions": [...], "async_configs": [...]}."""
        with self._lock:
            functions = []
            for name in sorted(self._functions):
                entry = self._functions[name]
                functions.append(
                    {
                        'name': name,
                        'runtime': entry['meta']['runtime'],
                        'handler': entry['meta']['handler'],
                        'functionArn': entry['meta']['functionArn'],
                        'versions': sorted(entry['versions'], key=int),
                        'aliases': {a: entry['aliases'][a]['versionId'] for a in sorted(entry['aliases'])},
                    }
                )
            configs = [
                {'function_name': fn, 'qualifier': q, 'config': self._render_config(fn, q, self._configs[(fn, q)])}
                for fn, q in sorted(self._configs)
            ]
            return {
                'region': self.region,
                'account_id': self.account_id,
                'functions': functions,
                'async_configs': configs,
            }

    # ------------------------------------------------------------------ request handling

    def handle(self, method, target, headers, body):
        """Answer one HTTP request; returns (status, [(header, value)], bytes) or None for "no answer".

        ``headers`` maps lower-case names to values; ``body`` is bytes.
        """
        path = target.partition('?')[0]
        if path == ADMIN_PREFIX or path.startswith(f"{ADMIN_PREFIX}/"):
            return self._handle_admin(method, target, body)
        if path in ('', '/'):
            # STS is RPC style, at the root (see "STS" in the docstring).
            return self._handle_sts(method, target, headers, body)
        return self._handle_api(method, target, headers, body, self._stopping)

    def _handle_api(self, method, target, headers, body, stopping):
        path, dummy, raw_query = target.partition('?')
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        try:
            parsed_body = json.loads(body.decode('utf-8')) if body else None
            body_error = None
        except ValueError as exc:
            parsed_body, body_error = None, str(exc)
        header_action = headers.get('x-acs-action')
        with self._lock:
            self._seq += 1
            record = {
                'seq': self._seq,
                'time': time.time(),
                'method': method,
                'path': path,
                'function_name': _path_function_name(path),
                'query': query,
                'action': header_action,
                'body': copy.deepcopy(parsed_body),
                'status': None,
                'code': None,
                'access_key_id': None,
                'fault': None,
            }
            self._records.append(record)
        routed = route(method, path)
        request_id = _request_id()
        fault = None
        try:
            latency = self.limits['latency']
            if latency and stopping.wait(latency):
                return None
            throttled = self._take_token()
            if throttled is not None:
                raise throttled
            fault = self._take_fault(method, header_action or (routed[0] if routed else None), record['function_name'])
            if fault is not None:
                self._set_record(record, fault=fault['kind'])
                if fault['kind'] == 'status' and fault['body'] is not None:
                    self._set_record(record, status=fault['status'])
                    return (
                        fault['status'],
                        [('Content-Type', fault['content_type'] or 'text/html')],
                        fault['body'].encode('utf-8'),
                    )
                if fault['kind'] == 'status':
                    raise self._fault_error(fault)
                if fault['kind'] == 'hang' and stopping.wait(fault['hang']):
                    return None
            self._authenticate(method, target, headers, body, record)
            if routed is None:
                raise ApiError(404, 'PathNotFound', f'no operation for {method} {path}')
            action, op, params = routed
            if header_action is not None and header_action != action:
                raise ApiError(
                    400,
                    'InvalidAction',
                    f'x-acs-action {_show(header_action)} does not match {method} {path} (expected {action})',
                )
            if body_error is not None and method in ('PUT', 'POST'):
                raise _invalid(f'request body is not valid JSON: {body_error}')
            with self._write_conflicts(action, params.get('fn'), stopping):
                with self._lock:
                    status, payload = getattr(self, op)(params, query, parsed_body)
        except ApiError as exc:
            self._set_record(record, status=exc.status, code=exc.code)
            return self._error_response(exc, request_id)
        except Exception as exc:  # pylint: disable=broad-except
            traceback.print_exc()
            self._set_record(record, status=500, code='InternalServerError')
            return self._error_response(ApiError(500, 'InternalServerError', f'emulator bug: {exc!r}'), request_id)
        self._set_record(record, status=status)
        if fault is not None and fault['kind'] == 'drop':
            return None
        response_headers = [('x-fc-request-id', request_id)]
        if payload is None:
            return status, response_headers, b''
        response_headers.append(('Content-Type', 'application/json'))
        return status, response_headers, json.dumps(payload, ensure_ascii=False).encode('utf-8')

    def _set_record(self, record, **values):
        with self._lock:
            record.update(values)

    @staticmethod
    def _fault_error(fault):
        status = fault['status']
        code = fault['code'] or FAULT_CODES.get(status, 'InjectedFault')
        message = fault['message'] or f'injected fault: HTTP {status} {code}'
        headers = {}
        if fault['retry_after_ms'] is not None:
            headers['x-acs-retry-after'] = str(fault['retry_after_ms'])
        return ApiError(status, code, message, headers)

    @staticmethod
    def _error_response(exc, request_id):
        payload = json.dumps({'Code': exc.code, 'Message': exc.message, 'RequestId': request_id}, ensure_ascii=False)
        headers = [('x-fc-request-id', request_id), ('Content-Type', 'application/json')]
        headers.extend(exc.headers.items())
        return exc.status, headers, payload.encode('utf-8')

    def _authenticate(self, method, target, headers, body, record):
        malformed = ApiError(
            403,
            'AccessDenied',
            'missing or malformed Authorization header '
            '(expected "ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<names>,Signature=<hex>")',
        )
        match = re.match(r'^ACS3-HMAC-SHA256\s+(\S.*)$', headers.get('authorization', ''))
        if not match:
            raise malformed
        parts = {}
        for item in match.group(1).split(','):
            key, sep, value = item.strip().partition('=')
            if not sep:
                raise malformed
            parts[key] = value
        access_key_id, signed, signature = parts.get('Credential'), parts.get('SignedHeaders'), parts.get('Signature')
        if not access_key_id or not signed or not signature:
            raise malformed
        self._set_record(record, access_key_id=access_key_id)
        expires_at = None
        if access_key_id in self.credentials:
            secret, token = self.credentials[access_key_id], None
        elif access_key_id in self.sts_credentials:
            secret, token = self.sts_credentials[access_key_id]
        elif self.minted_secret(access_key_id) is not None:
            secret, token, expires_at, dummy = self.minted_secret(access_key_id)
        else:
            raise ApiError(403, 'InvalidAccessKeyID', f'The access key id {access_key_id} is not found.')
        missing = [name for name in signed.split(';') if name not in headers]
        if missing:
            raise ApiError(403, 'AccessDenied', f"signed header(s) not present in the request: {', '.join(missing)}")
        try:
            request_time = datetime.strptime(headers.get('x-acs-date', ''), DATE_FORMAT).replace(tzinfo=timezone.utc)
        except ValueError:
            raise ApiError(
                403, 'AccessDenied', f'missing or malformed x-acs-date header (expected {DATE_FORMAT} UTC)'
            ) from None
        if headers.get('x-acs-content-sha256') != hashlib.sha256(body).hexdigest():
            raise ApiError(
                403, 'SignatureNotMatch', f"{SIGNATURE_MESSAGE} (x-acs-content-sha256 does not match the request body)"
            )
        if not hmac.compare_digest(acs3_signature(method, target, headers, body, secret), signature):
            raise ApiError(403, 'SignatureNotMatch', SIGNATURE_MESSAGE)
        if token is not None and not hmac.compare_digest(headers.get('x-acs-security-token', ''), token):
            raise ApiError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.')
        if expires_at is not None and record['time'] >= expires_at:
            raise ApiError(403, 'InvalidSecurityToken.Expired', 'The security token you provided has expired.')
        skew = abs((datetime.now(timezone.utc) - request_time).total_seconds())
        if skew > MAX_CLOCK_SKEW:
            raise ApiError(
                403,
                'RequestTimeTooSkewed',
                f"The difference between the request time {headers['x-acs-date']} and the server "
                f"time is {int(skew)} s, more than the allowed {MAX_CLOCK_SKEW} s.",
            )

    # ------------------------------------------------------------------ admin API

    def _handle_admin(self, method, target, body):
        path = target.partition('?')[0].rstrip('/')
        try:
            data = json.loads(body.decode('utf-8')) if body else None
        except ValueError as exc:
            return self._admin_answer(400, {'error': f'body is not valid JSON: {exc}'})
        try:
            if path.startswith(f'{ADMIN_PREFIX}/sts/'):
                answer = self._handle_sts_admin(method, path, data)
                if answer is not None:
                    return answer
            if path == f"{ADMIN_PREFIX}/requests" and method == 'GET':
                return self._admin_answer(200, {'requests': self.requests})
            if path == f"{ADMIN_PREFIX}/requests" and method == 'DELETE':
                self.clear_requests()
                return self._admin_answer(200, {'ok': True})
            if path == f"{ADMIN_PREFIX}/requests/take" and method == 'POST':
                return self._admin_answer(200, {'requests': self.take_requests()})
            if path == f"{ADMIN_PREFIX}/faults" and method == 'GET':
                return self._admin_answer(200, {'faults': self.faults})
            if path == f"{ADMIN_PREFIX}/faults" and method == 'POST':
                if not isinstance(data, dict):
                    raise ValueError('fault must be a JSON object of add_fault arguments')
                return self._admin_answer(200, {'fault': self.add_fault(**data)})
            if path == f"{ADMIN_PREFIX}/faults" and method == 'DELETE':
                self.clear_faults()
                return self._admin_answer(200, {'ok': True})
            if path == f"{ADMIN_PREFIX}/seed" and method == 'POST':
                self.seed(data)
                return self._admin_answer(200, {'ok': True})
            if path == f"{ADMIN_PREFIX}/reset" and method == 'POST':
                self.reset()
                return self._admin_answer(200, {'ok': True})
            if path == f"{ADMIN_PREFIX}/state" and method == 'GET':
                return self._admin_answer(200, self.state())
            if path == f"{ADMIN_PREFIX}/limits" and method == 'GET':
                return self._admin_answer(200, {'limits': self.limits})
            if path == f"{ADMIN_PREFIX}/limits" and method == 'PUT':
                if not isinstance(data, dict) or set(data) - {'rate', 'burst', 'retry_after_ms', 'latency'}:
                    raise ValueError('limits must be a JSON object of rate, burst, retry_after_ms and latency')
                self.set_rate_limit(data.get('rate'), data.get('burst'), data.get('retry_after_ms'))
                self.set_latency(data.get('latency') or 0)
                return self._admin_answer(200, {'limits': self.limits})
            if path == f"{ADMIN_PREFIX}/semantics" and method == 'GET':
                return self._admin_answer(200, {'semantics': self.semantics})
            if path == f"{ADMIN_PREFIX}/semantics" and method == 'PUT':
                if not isinstance(data, dict) or set(data) - {'arn_style', 'put_semantics'}:
                    raise ValueError('semantics must be a JSON object of arn_style and put_semantics')
                self.set_semantics(**data)
                return self._admin_answer(200, {'semantics': self.semantics})
            if path == f"{ADMIN_PREFIX}/conflicts" and method in ('GET', 'PUT'):
                return self._admin_conflicts(method, data)
        except (ValueError, TypeError) as exc:
            return self._admin_answer(400, {'error': str(exc)})
        return self._admin_answer(404, {'error': f'no admin operation {method} {path}'})

    # ------------------------------------------------------------------ concurrent updates of one function

    write_conflict_hold = 0.0
    CONFLICT_ACTIONS = ('PutAsyncInvokeConfig', 'DeleteAsyncInvokeConfig')

    def set_write_conflicts(self, hold):
        """Answer 409 ConcurrentUpdateError to a write that overlaps another write to the same function, each
        write taking ``hold`` seconds; ``0`` or ``None`` turns it off. Raises ValueError on a bad ``hold``."""
        if hold is None:
            hold = 0
        if isinstance(hold, bool) or not isinstance(hold, (int, float)) or not 0 <= hold <= 60:
            raise ValueError(f'hold must be a number of seconds from 0 to 60; got {_show(hold)}')
        self.write_conflict_hold = float(hold)

    @contextlib.contextmanager
    def _write_conflicts(self, action, function_name, stopping):
        hold = self.write_conflict_hold
        if not hold or action not in self.CONFLICT_ACTIONS:
            yield
            return
        with self._lock:
            busy = self.__dict__.setdefault('_updating', set())
            if function_name in busy:
                raise ApiError(
                    409,
                    'ConcurrentUpdateError',
                    f'function {_show(function_name)} is being updated by another request; try again later',
                )
            busy.add(function_name)
        try:
            stopping.wait(hold)
            yield
        finally:
            with self._lock:
                busy.discard(function_name)

    def _admin_conflicts(self, method, data):
        if method == 'PUT':
            if not isinstance(data, dict) or set(data) - {'hold'}:
                raise ValueError('conflicts must be a JSON object of hold')
            self.set_write_conflicts(data.get('hold'))
        return self._admin_answer(200, {'conflicts': {'hold': self.write_conflict_hold}})

    @staticmethod
    def _admin_answer(status, payload):
        headers = [('x-fc-request-id', _request_id()), ('Content-Type', 'application/json')]
        return status, headers, json.dumps(payload, ensure_ascii=False).encode('utf-8')

    # ------------------------------------------------------------------ model helpers (lock held)

    def _arn(self, name, qualifier='LATEST'):
        arn = f'acs:fc:{self.region}:{self.account_id}:functions/{name}'
        if qualifier == 'LATEST':
            return arn
        return arn + ('/' if self.arn_style == 'slash' else ':') + qualifier

    def _function(self, name):
        if not isinstance(name, str) or not FUNCTION_NAME_RE.match(name):
            raise _invalid(f'invalid function name: {_show(name)} (must match {FUNCTION_NAME_RE.pattern})')
        entry = self._functions.get(name)
        if entry is None:
            raise _fact_error(self.facts, 'missing_function_error', f'function {_show(name)} does not exist')
        return entry

    def _qualifier(self, name, entry, query):
        qualifier = query.get('qualifier')
        if qualifier is None or qualifier == 'LATEST':
            return 'LATEST'
        if VERSION_ID_RE.match(qualifier):
            if qualifier not in entry['versions']:
                raise ApiError(
                    404, 'VersionNotFound', f'version {_show(qualifier)} of function {_show(name)} does not exist'
                )
            return qualifier
        if ALIAS_NAME_RE.match(qualifier):
            if qualifier not in entry['aliases']:
                raise ApiError(
                    404, 'AliasNotFound', f'alias {_show(qualifier)} of function {_show(name)} does not exist'
                )
            return qualifier
        raise _invalid(f'invalid qualifier: {_show(qualifier)} (must be LATEST, a version id or an alias name)')

    def _render_config(self, name, qualifier, stored):
        # A field stored as None (a new config's default, by the facts of a service that sends none) is left out.
        result = {
            key: stored[key]
            for key in ('asyncTask', 'maxAsyncEventAgeInSeconds', 'maxAsyncRetryAttempts')
            if stored[key] is not None
        }
        if stored['destinationConfig']:
            result['destinationConfig'] = copy.deepcopy(stored['destinationConfig'])
        result.update(
            {
                'functionArn': self._arn(name, qualifier),
                'createdTime': stored['createdTime'],
                'lastModifiedTime': stored['lastModifiedTime'],
            }
        )
        return result

    def _drop_configs(self, name, qualifier=None):
        for key in [k for k in self._configs if k[0] == name and (qualifier is None or k[1] == qualifier)]:
            del self._configs[key]

    def _put_async_config(self, name, query, body):
        entry = self._function(name)
        qualifier = self._qualifier(name, entry, query)
        fields = validate_async_config(body, self.facts)
        key = (name, qualifier)
        previous = self._configs.get(key)
        now = _now()
        if previous is not None and self.put_semantics == 'merge':
            stored = copy.deepcopy(previous)
        else:
            stored = _default_async_config(self.facts)
        stored.update(fields)
        stored['createdTime'] = previous['createdTime'] if previous is not None else now
        stored['lastModifiedTime'] = now
        self._configs[key] = stored
        return self._render_config(name, qualifier, stored)

    def _render_function(self, entry):
        return copy.deepcopy(entry['meta'])

    def _create_function(self, body):
        if not isinstance(body, dict):
            raise _invalid(f'request body must be a JSON object, got {_show(body)}')
        name = body.get('functionName')
        if not isinstance(name, str) or not FUNCTION_NAME_RE.match(name):
            raise _invalid(f'invalid functionName: {_show(name)} (must match {FUNCTION_NAME_RE.pattern})')
        for field in ('runtime', 'handler'):
            if not isinstance(body.get(field), str) or not body[field]:
                raise _invalid(f'invalid {field}: {_show(body.get(field))} (must be a non-empty string)')
        if name in self._functions:
            raise ApiError(409, 'FunctionAlreadyExists', f'function {_show(name)} already exists')
        now = _now()
        meta = {'description': '', 'memorySize': 128, 'timeout': 3}
        meta.update({k: copy.deepcopy(v) for k, v in body.items() if k != 'code' and v is not None})
        meta.update(
            {
                'functionName': name,
                'functionArn': self._arn(name),
                'functionId': str(uuid.uuid4()),
                'state': 'Active',
                'lastUpdateStatus': 'Successful',
                'createdTime': now,
                'lastModifiedTime': now,
            }
        )
        self._functions[name] = {'meta': meta, 'versions': {}, 'last_version': 0, 'aliases': {}}
        return self._render_function(self._functions[name])

    def _publish_version(self, name, body):
        entry = self._function(name)
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise _invalid(f'request body must be a JSON object, got {_show(body)}')
        description = body.get('description') or ''
        if not isinstance(description, str):
            raise _invalid(f'invalid description: {_show(description)} (must be a string)')
        entry['last_version'] += 1
        now = _now()
        version = {
            'versionId': str(entry['last_version']),
            'description': description,
            'createdTime': now,
            'lastModifiedTime': now,
        }
        entry['versions'][version['versionId']] = version
        return dict(version)

    def _create_alias(self, name, body):
        entry = self._function(name)
        if not isinstance(body, dict):
            raise _invalid(f'request body must be a JSON object, got {_show(body)}')
        alias = body.get('aliasName')
        if not isinstance(alias, str) or not ALIAS_NAME_RE.match(alias) or alias == 'LATEST':
            raise _invalid(f'invalid aliasName: {_show(alias)} (must match {ALIAS_NAME_RE.pattern} and not be LATEST)')
        version = body.get('versionId')
        if not isinstance(version, str) or not VERSION_ID_RE.match(version):
            raise _invalid(f'invalid versionId: {_show(version)} (must be a version id string)')
        if version not in entry['versions']:
            raise ApiError(404, 'VersionNotFound', f'version {_show(version)} of function {_show(name)} does not exist')
        if alias in entry['aliases']:
            raise ApiError(409, 'AliasAlreadyExists', f'alias {_show(alias)} of function {_show(name)} already exists')
        weights = body.get('additionalVersionWeight')
        if weights is not None and not isinstance(weights, dict):
            raise _invalid(f'invalid additionalVersionWeight: {_show(weights)} (must be an object)')
        now = _now()
        record = {
            'aliasName': alias,
            'versionId': version,
            'description': body.get('description') or '',
            'additionalVersionWeight': weights or {},
            'createdTime': now,
            'lastModifiedTime': now,
        }
        entry['aliases'][alias] = record
        return copy.deepcopy(record)

    # ------------------------------------------------------------------ operations (lock held)
    # Each takes (path params, decoded query, parsed body) and returns (status, payload or None).

    def _op_get_async_config(self, params, query, _body):
        entry = self._function(params['fn'])
        qualifier = self._qualifier(params['fn'], entry, query)
        stored = self._configs.get((params['fn'], qualifier))
        if stored is None:
            raise _fact_error(
                self.facts,
                'missing_config_error',
                f"async invoke config of function {_show(params['fn'])} qualifier {_show(qualifier)} does not exist",
            )
        return 200, self._render_config(params['fn'], qualifier, stored)

    def _op_put_async_config(self, params, query, body):
        return 200, self._put_async_config(params['fn'], query, body)

    def _op_delete_async_config(self, params, query, _body):
        entry = self._function(params['fn'])
        qualifier = self._qualifier(params['fn'], entry, query)
        if self._configs.pop((params['fn'], qualifier), None) is None:
            raise _fact_error(
                self.facts,
                'missing_config_error',
                f"async invoke config of function {_show(params['fn'])} qualifier {_show(qualifier)} does not exist",
            )
        return self.facts['delete_status'], None

    def _op_list_async_configs(self, _params, query, _body):
        name = query.get('functionName')
        if name is not None:
            self._function(name)
        elif not self.facts['region_wide_list']:
            raise _invalid('functionName is required')
        keys = sorted(k for k in self._configs if name is None or k[0] == name)
        page, token = _paginate(keys, lambda k: k, (str, str), query, self.facts['list_limit_max'])
        return 200, _page_body('configs', [self._render_config(fn, q, self._configs[(fn, q)]) for fn, q in page], token)

    def _op_list_functions(self, _params, query, _body):
        prefix = query.get('prefix') or ''
        runtime = query.get('runtime') or None
        group = query.get('resourceGroupId') or None
        tags = _parse_tag_filter(query.get('tags'))
        fc_version = query.get('fcVersion') or None
        if fc_version not in (None, 'v3', 'v2'):
            raise _invalid(f'invalid fcVersion: {_show(fc_version)} (must be v3 or v2)')

        def selected(meta):
            carried = {tag.get('Key'): tag.get('Value') for tag in meta.get('tags') or [] if isinstance(tag, dict)}
            return (
                (runtime is None or meta.get('runtime') == runtime)
                and (group is None or meta.get('resourceGroupId') == group)
                and all(key in carried and carried[key] == value for key, value in tags)
                # Every function here is an FC 3.0 one.
                and fc_version != 'v2'
            )

        names = sorted(n for n in self._functions if n.startswith(prefix) and selected(self._functions[n]['meta']))
        page, token = _paginate(names, lambda n: (n,), (str,), query)
        listed = [
            {k: v for k, v in self._render_function(self._functions[n]).items() if k not in LIST_OMITS} for n in page
        ]
        return 200, _page_body('functions', listed, token)

    def _op_create_function(self, _params, _query, body):
        return 200, self._create_function(body)

    def _op_get_function(self, params, query, _body):
        entry = self._function(params['fn'])
        self._qualifier(params['fn'], entry, query)
        return 200, self._render_function(entry)

    def _op_delete_function(self, params, _query, _body):
        self._function(params['fn'])
        del self._functions[params['fn']]
        self._drop_configs(params['fn'])
        return 204, None

    def _op_list_versions(self, params, query, _body):
        entry = self._function(params['fn'])
        direction = query.get('direction') or 'BACKWARD'
        if direction not in ('BACKWARD', 'FORWARD'):
            raise _invalid(f'invalid direction: {_show(direction)} (must be BACKWARD or FORWARD)')
        sign = -1 if direction == 'BACKWARD' else 1

        def sort_key(version_id):
            return (sign * int(version_id),)

        ids = sorted(entry['versions'], key=sort_key)
        page, token = _paginate(ids, sort_key, (int,), query)
        return 200, _page_body('versions', [dict(entry['versions'][v]) for v in page], token, {'direction': direction})

    def _op_publish_version(self, params, _query, body):
        return 200, self._publish_version(params['fn'], body)

    def _op_delete_version(self, params, _query, _body):
        entry = self._function(params['fn'])
        version = params['version']
        if version not in entry['versions']:
            raise ApiError(
                404, 'VersionNotFound', f"version {_show(version)} of function {_show(params['fn'])} does not exist"
            )
        users = sorted(a for a, rec in entry['aliases'].items() if rec['versionId'] == version)
        if users:
            raise _invalid(
                f"version {_show(version)} of function {_show(params['fn'])} is used by alias(es) {', '.join(users)}"
            )
        del entry['versions'][version]
        self._drop_configs(params['fn'], version)
        return 204, None

    def _op_list_aliases(self, params, query, _body):
        entry = self._function(params['fn'])
        prefix = query.get('prefix') or ''
        names = sorted(a for a in entry['aliases'] if a.startswith(prefix))
        page, token = _paginate(names, lambda n: (n,), (str,), query)
        return 200, _page_body('aliases', [copy.deepcopy(entry['aliases'][a]) for a in page], token)

    def _op_create_alias(self, params, _query, body):
        return 200, self._create_alias(params['fn'], body)

    def _alias(self, params):
        entry = self._function(params['fn'])
        alias = params['alias']
        if not ALIAS_NAME_RE.match(alias):
            raise _invalid(f'invalid alias name: {_show(alias)} (must match {ALIAS_NAME_RE.pattern})')
        if alias not in entry['aliases']:
            raise ApiError(
                404, 'AliasNotFound', f"alias {_show(alias)} of function {_show(params['fn'])} does not exist"
            )
        return entry, alias

    def _op_get_alias(self, params, _query, _body):
        entry, alias = self._alias(params)
        return 200, copy.deepcopy(entry['aliases'][alias])

    def _op_delete_alias(self, params, _query, _body):
        entry, alias = self._alias(params)
        del entry['aliases'][alias]
        self._drop_configs(params['fn'], alias)
        return 204, None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, emulator):
        self.emulator = emulator
        self._connections = set()
        self._connections_lock = threading.Lock()
        self._closing = False
        self._wake_reader, self._wake_writer = socket.socketpair()
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        try:
            super().__init__(address, _Handler)
        except BaseException:
            self._wake_reader.close()
            self._wake_writer.close()
            raise

    def serve_until_closed(self):
        """Like serve_forever(), but without a poll interval: wake_and_close() ends it at once."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._closing:
                for key, dummy in selector.select():
                    if key.fileobj is self.socket and not self._closing:
                        self._handle_request_noblock()

    def wake_and_close(self):
        self._closing = True
        try:
            self._wake_writer.send(b'x')
        except OSError:
            pass

    def server_close(self):
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def server_bind(self):
        # HTTPServer.server_bind calls socket.getfqdn(), which can block on DNS; skip it.
        TCPServer.server_bind(self)
        self.server_name = self.server_address[0]
        self.server_port = self.server_address[1]

    def track(self, sock, add):
        with self._connections_lock:
            if add:
                self._connections.add(sock)
            else:
                self._connections.discard(sock)

    def close_connections(self):
        with self._connections_lock:
            connections = list(self._connections)
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or self.emulator._stopping.is_set():  # pylint: disable=protected-access
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True
    server_version = 'fc3-emulator'
    sys_version = ''

    def setup(self):
        super().setup()
        self.server.track(self.connection, True)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def _read_body(self):
        if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get('Content-Length') or 0)
        if length < 0:
            raise ValueError('negative Content-Length')
        return self.rfile.read(length) if length else b''

    def _send(self, status, headers, payload):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        if payload and self.command != 'HEAD':
            self.wfile.write(payload)

    def _dispatch(self):
        try:
            body = self._read_body()
        except ValueError as exc:
            self.close_connection = True
            payload = json.dumps(
                {'Code': 'InvalidArgument', 'Message': f'bad request body framing: {exc}', 'RequestId': _request_id()}
            ).encode('utf-8')
            self._send(400, [('Content-Type', 'application/json')], payload)
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.emulator.handle(self.command, self.path, headers, body)
        if answer is None:
            self.close_connection = True
            return
        self._send(*answer)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch


# ---------------------------------------------------------------------- command line


def _write_port_file(path, port):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.fc3-emulator-port-', dir=directory)
    try:
        with os.fdopen(fd, 'w') as handle:
            handle.write(f'{port}\n')
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def process_alive(pid):
    """Whether process ``pid`` still runs (a zombie has ended: its parent may never reap it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f'/proc/{pid}/stat', encoding='utf-8') as handle:
            return handle.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return True


def _pair(value):
    access_key_id, sep, secret = value.partition(':')
    if not sep or not access_key_id or not secret:
        raise argparse.ArgumentTypeError(f'expected AK:SECRET, got {value!r}')
    return access_key_id, secret


def _triple(value):
    parts = value.split(':', 2)
    if len(parts) != 3 or not all(parts):
        raise argparse.ArgumentTypeError('expected AK:SECRET:TOKEN')
    return parts[0], (parts[1], parts[2])


def _role(value):
    arn, sep, callers = value.partition('=')
    if not STS_ROLE_ARN_RE.match(arn):
        raise argparse.ArgumentTypeError('expected ROLE_ARN[=CALLER,...] with ROLE_ARN as acs:ram::ACCOUNT:role/NAME')
    return {'arn': arn, 'trusted': [item for item in callers.split(',') if item] if sep else None}


def _external_id(value):
    arn, sep, external_id = value.partition('=')
    if not STS_ROLE_ARN_RE.match(arn) or not sep or not external_id:
        raise argparse.ArgumentTypeError('expected ROLE_ARN=EXTERNAL_ID with ROLE_ARN as acs:ram::ACCOUNT:role/NAME')
    return arn, external_id


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Local Alibaba Cloud Function Compute 3.0 (2023-03-30) API emulator: the async invoke config, '
        'function, version and alias operations, in memory, for the unmodified SDK over plain HTTP.',
        epilog='Point a client at it with endpoint http://HOST:PORT. The admin API (GET /_emulator/state, '
        '/_emulator/requests; POST /_emulator/seed, /_emulator/faults, /_emulator/reset) and the behaviour '
        'where the service is not documented are described in the docstring of this file.',
    )
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default 127.0.0.1)')
    parser.add_argument(
        '--port',
        type=int,
        default=0,
        help='port to listen on (default 0: a free port; the address is printed on start)',
    )
    parser.add_argument(
        '--port-file',
        metavar='PATH',
        help='once listening, write the port to this file (atomically), for scripts that use --port 0',
    )
    parser.add_argument(
        '--access-key',
        action='append',
        type=_pair,
        default=[],
        metavar='AK:SECRET',
        help='a key pair that requests may be signed with (repeatable); any other key is refused '
        'with InvalidAccessKeyID (default, only when none is given: AKIDEXAMPLE:SECRETEXAMPLE)',
    )
    parser.add_argument(
        '--sts',
        action='append',
        type=_triple,
        default=[],
        metavar='AK:SECRET:TOKEN',
        help='STS credentials that requests may be signed with, the token sent as '
        'x-acs-security-token (repeatable; default: none)',
    )
    parser.add_argument(
        '--region',
        default='cn-hangzhou',
        help='the region written into every functionArn it returns; use the region of the playbook '
        '(requests are not checked against it; default cn-hangzhou)',
    )
    parser.add_argument(
        '--account-id',
        default='1234567890123456',
        help='the account ID written into every functionArn it returns (default 1234567890123456)',
    )
    parser.add_argument(
        '--seed',
        metavar='FILE.json',
        help='functions (with versions and aliases) and async configs to create at start, all or '
        'nothing: {"functions": [{"name": ..., "versions": N, "aliases": {NAME: VERSION}}], '
        '"async_configs": [{"function_name": ..., "qualifier": ..., "config": {...}}]} '
        '(default: start empty)',
    )
    parser.add_argument(
        '--arn-style',
        choices=('slash', 'colon'),
        default='slash',
        help='how functionArn names a qualifier other than LATEST: slash gives '
        '.../functions/NAME/QUALIFIER, colon .../functions/NAME:QUALIFIER, two forms a client '
        'should both read (default slash)',
    )
    parser.add_argument(
        '--put-semantics',
        choices=('replace', 'merge'),
        default='merge',
        help='what PutAsyncInvokeConfig does with the fields a body leaves out: merge keeps their '
        'stored values, as the service does; replace resets them to the service defaults (3 '
        'retries, 86400 s, async task off, no destinations); a destinationConfig given replaces '
        'both destinations either way (default merge)',
    )
    parser.add_argument(
        '--facts',
        metavar='FILE.json',
        help='answer as a probed service did: the facts `make probe` wrote (build/service-facts.json); every '
        'key the file holds overrides the convention of this emulator (see "Facts of a probed service" in the '
        'docstring; default: the conventions)',
    )
    parser.add_argument(
        '--rate-limit',
        type=float,
        metavar='RATE',
        help='answer 429 TooManyRequests beyond RATE requests per second (token bucket; default: no limit)',
    )
    parser.add_argument(
        '--burst', type=int, metavar='N', help='tokens the rate limit bucket holds (default: RATE rounded up)'
    )
    parser.add_argument(
        '--rate-limit-retry-after',
        type=int,
        metavar='MS',
        help='send x-acs-retry-after: MS with every 429 of the rate limit (default: not sent)',
    )
    parser.add_argument(
        '--latency', type=float, default=0, metavar='SECONDS', help='hold every API answer back SECONDS (default 0)'
    )
    parser.add_argument(
        '--write-conflicts',
        type=float,
        default=0,
        metavar='SECONDS',
        help='make each async config write take SECONDS and answer 409 ConcurrentUpdateError to another write '
        'to the same function meanwhile (default 0: off)',
    )
    parser.add_argument(
        '--exit-with',
        type=int,
        metavar='PID',
        help='stop once process PID has ended, so that a caller that dies or is killed leaves no '
        'emulator behind (checked twice a second; default: run until SIGTERM or SIGINT)',
    )
    parser.add_argument(
        '--role',
        action='append',
        type=_role,
        default=[],
        metavar='ROLE_ARN[=CALLER,...]',
        help='a RAM role STS AssumeRole may assume (repeatable), trusting the callers named (access key ids or '
        'role ARNs; none named: every key the emulator knows); default: no role',
    )
    parser.add_argument(
        '--role-external-id',
        action='append',
        type=_external_id,
        default=[],
        metavar='ROLE_ARN=EXTERNAL_ID',
        help='the ExternalId the trust policy of a role given with --role requires (repeatable)',
    )
    parser.add_argument(
        '--sts-lifetime',
        type=int,
        metavar='SECONDS',
        help='credentials STS mints expire after SECONDS whatever DurationSeconds asked (default: as asked)',
    )
    args = parser.parse_args(argv)

    emulator = Emulator(
        host=args.host,
        port=args.port,
        region=args.region,
        account_id=args.account_id,
        credentials=dict(args.access_key) if args.access_key else None,
        sts_credentials=dict(args.sts),
        arn_style=args.arn_style,
        put_semantics=args.put_semantics,
    )
    try:
        external_ids = dict(args.role_external_id)
        unknown = sorted(set(external_ids) - set(role['arn'] for role in args.role))
        if unknown:
            raise ValueError('--role-external-id names a role no --role gives: %s' % ', '.join(unknown))
        for role in args.role:
            emulator.add_role(external_id=external_ids.get(role['arn']), **role)
        emulator.set_sts_lifetime(args.sts_lifetime)
        emulator.set_rate_limit(args.rate_limit, args.burst, args.rate_limit_retry_after)
        emulator.set_latency(args.latency)
        emulator.set_write_conflicts(args.write_conflicts)
    except ValueError as exc:
        parser.error(str(exc))
    if args.facts:
        try:
            with open(args.facts, encoding='utf-8') as handle:
                emulator.set_facts(json.load(handle))
        except (OSError, ValueError) as exc:
            parser.error(f'cannot take the facts of {args.facts}: {exc}')
    if args.seed:
        try:
            with open(args.seed, encoding='utf-8') as handle:
                emulator.seed(json.load(handle))
        except (OSError, ValueError) as exc:
            parser.error(f'cannot seed from {args.seed}: {exc}')

    done = threading.Event()

    def _on_signal(_signum, _frame):
        done.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        emulator.start()
    except OSError as exc:
        # A person starting it by hand needs the reason, not a traceback (most often: port in use).
        print(f'fc3-emulator: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}', file=sys.stderr)
        return 1
    try:
        if args.port_file:
            _write_port_file(args.port_file, emulator.port)
        print(f'fc3-emulator listening on {emulator.url}', flush=True)
        while not done.wait(0.5):
            if args.exit_with and not process_alive(args.exit_with):
                break
    finally:
        emulator.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
