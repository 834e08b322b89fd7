# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that turns the collection's connection options into FC3 API calls.

``FC3Client`` owns the SDK client, timeouts and retries, and answers in plain dicts in the API's
camelCase shape; "not found" comes back as ``None`` / ``[]`` / ``False`` instead of an error.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import math
import os
import re

from ansible_collections.alicloud.fc.plugins.module_utils.errors import FC3Error, error_from_exception
from ansible_collections.alicloud.fc.plugins.module_utils.retry import RetryPolicy, call_with_retries

# The single source of the minimum SDK version: the runtime check, the documentation fragment,
# requirements.txt and the execution-environment file are tested against it.
SDK_PACKAGE = 'alibabacloud-fc20230330'
MIN_SDK_VERSION = '4.7.0'
SDK_REQUIREMENT = '%s>=%s' % (SDK_PACKAGE, MIN_SDK_VERSION)

try:
    from alibabacloud_fc20230330 import models as fc_models
    from alibabacloud_fc20230330.client import Client as SdkClient
    from alibabacloud_tea_openapi.models import Config as SdkConfig
    # darabonba-core arrived with SDK 4.7.0; its absence means an older, unsupported SDK.
    from darabonba.runtime import RuntimeOptions
    SDK_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the missing-SDK test in a bare venv
    SDK_IMPORT_ERROR = exc

HAS_SDK = SDK_IMPORT_ERROR is None

API_PAGE_SIZE = 100
USER_AGENT = 'AnsibleCollection/alicloud.fc'

# Whole-string patterns (re.fullmatch): "$" would let a trailing newline through to the request.
_REGION_RE = re.compile(r'[a-z]{2,}(-[a-z0-9]+)+')
_ENDPOINT_RE = re.compile(r'(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?/?')
_PROXY_RE = re.compile(r'(?P<scheme>https?)://(?:(?P<userinfo>[^@/?#\s]*)@)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?/?',
                       re.IGNORECASE)

# The proxy variables the SDK reads on its own (it ignores no_proxy), and the ones HTTP clients honour.
SDK_PROXY_VARIABLES = ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy')


# What a delete found: it removed the config, there was none, or the service says there is none now
# but an earlier attempt got no answer, so this very call may be what removed it.
DELETED = 'deleted'
ABSENT = 'absent'
MAYBE_DELETED = 'maybe-deleted'


class ConnectionSettings:
    """Validated connection options; building one makes no request."""

    def __init__(self, region, endpoint=None, access_key_id=None, access_key_secret=None, security_token=None,
                 connect_timeout=5.0, read_timeout=10.0, retry_policy=None, proxy=None, ca_bundle=None,
                 validate_certs=True):
        self.region = region
        self.protocol, self.endpoint_host = parse_endpoint(endpoint) if endpoint else ('https', None)
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retry_policy = retry_policy or RetryPolicy()
        self.proxy = parse_proxy(proxy) if proxy else None
        self.ca_bundle = ca_bundle
        self.validate_certs = validate_certs

    @classmethod
    def from_params(cls, params):
        """Build from module parameters; raises ``ValueError`` with a message that names the option."""
        region = params.get('region')
        if not region:
            raise ValueError('region is required: set the region option (alias region_id) or the '
                             'ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION environment variable')
        if not _REGION_RE.fullmatch(region):
            raise ValueError("region must be a region id such as cn-hangzhou, got %r" % region)
        access_key_id = params.get('access_key_id')
        access_key_secret = params.get('access_key_secret')
        if bool(access_key_id) != bool(access_key_secret):
            raise ValueError('access_key_id and access_key_secret must be given together (or neither, to use the '
                             'credentials default chain)')
        if params.get('security_token') and not access_key_id:
            raise ValueError('security_token needs access_key_id and access_key_secret (the STS key pair)')
        for option in ('connect_timeout', 'read_timeout', 'retry_timeout'):
            value = params.get(option)
            if value is not None and not (math.isfinite(value) and value > 0):
                raise ValueError('%s must be greater than 0 and finite (seconds), got %s' % (option, value))
        if params.get('retries') is not None and params['retries'] < 0:
            raise ValueError('retries must be 0 or more, got %s' % params['retries'])
        ca_bundle = params.get('ca_bundle')
        if ca_bundle and not os.path.isfile(ca_bundle):
            raise ValueError("ca_bundle must be a readable file of PEM certificates; '%s' is not a file" % ca_bundle)
        policy = RetryPolicy(retries=params['retries'], timeout=params['retry_timeout'])
        return cls(region, endpoint=params.get('endpoint'), access_key_id=access_key_id,
                   access_key_secret=access_key_secret, security_token=params.get('security_token'),
                   connect_timeout=params['connect_timeout'], read_timeout=params['read_timeout'], retry_policy=policy,
                   proxy=params.get('proxy'), ca_bundle=ca_bundle or None,
                   validate_certs=params.get('validate_certs', True) is not False)


def parse_endpoint(value):
    """Split ``http(s)://host[:port]`` (or a bare host, taken as https) into ``(protocol, host[:port])``."""
    text = value.strip()
    match = _ENDPOINT_RE.fullmatch(text)
    scheme = (match.group('scheme') or 'https').lower() if match else None
    port = match.group('port') if match else None
    if not match or scheme not in ('http', 'https') or (port and not 0 < int(port) < 65536):
        # Never echo a value that may carry user:password@ in it.
        shown = " got '%s'" % text if '@' not in text else ''
        raise ValueError('endpoint must look like https://host[:port] or http://host[:port],%s' % shown)
    host = match.group('host') + (':%s' % port if port else '')
    return scheme, host


def parse_proxy(value):
    """The proxy URL ``http(s)://[user:password@]host[:port]``, checked; the error never shows credentials."""
    text = value.strip()
    match = _PROXY_RE.fullmatch(text)
    port = match.group('port') if match else None
    if not match or (port and not 0 < int(port) < 65536):
        shown = " got '%s'" % text if '@' not in text else ''
        raise ValueError('proxy must look like http://[user:password@]host:port or https://...,%s' % shown)
    return text.rstrip('/')


def url_secret(value):
    """The secret part of ``scheme://user:password@host`` (the password, or a user that stands alone as a
    token), so that it can be masked in everything a module returns; ``None`` when there is none."""
    if not isinstance(value, str) or '@' not in value:
        return None
    userinfo = value.strip().split('://', 1)[-1].split('/', 1)[0].rpartition('@')[0]
    user, has_password, password = userinfo.partition(':')
    secret = password if has_password else user
    return secret or None


def _split_host_port(host_port, protocol):
    host, port = host_port, None
    if host_port.startswith('['):
        host, _sep, rest = host_port[1:].partition(']')
        port = rest[1:] if rest.startswith(':') else None
    elif host_port.count(':') == 1:
        host, port = host_port.split(':')
    return host.lower(), int(port) if port else (443 if protocol == 'https' else 80)


def _no_proxy_entry_matches(entry, host, port):
    entry_host, entry_port = entry, None
    if entry.count(':') == 1 and not entry.startswith('['):
        entry_host, entry_port = entry.split(':')
    entry_host = entry_host.strip('[]').lower().lstrip('*')
    if entry_port and entry_port.isdigit() and int(entry_port) != port:
        return False
    if '/' in entry_host:
        return _in_network(host, entry_host)
    if entry_host.startswith('.'):
        return host.endswith(entry_host) or host == entry_host[1:]
    return host == entry_host or host.endswith('.' + entry_host)


def _in_network(host, cidr):
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def proxy_bypassed(host_port, protocol, no_proxy):
    """Whether ``no_proxy`` (comma- or space-separated hosts, .domains, IPs, CIDRs, host:port, ``*``) covers
    the endpoint, with the rules curl and requests follow."""
    host, port = _split_host_port(host_port, protocol)
    entries = [entry.strip() for entry in re.split(r'[,\s]+', no_proxy or '') if entry.strip()]
    return any(entry == '*' or _no_proxy_entry_matches(entry, host, port) for entry in entries)


def environment_proxy(host_port, protocol, environ):
    """The proxy an ordinary HTTP client would use for the endpoint, from ``<protocol>_proxy`` or
    ``all_proxy`` (lower case first, then upper case), unless ``no_proxy`` covers the endpoint."""
    def variable(name):
        return environ.get(name) or environ.get(name.upper())

    proxy = variable(protocol + '_proxy') or variable('all_proxy')
    if not proxy or proxy_bypassed(host_port, protocol, variable('no_proxy')):
        return None
    return proxy


# The regions whose FC 3.0 host is REGION.fc.aliyuncs.com rather than fcv3.REGION.aliyuncs.com
# (alibabacloud-fc20230330 4.8's endpoint map).
_FC_SUBDOMAIN_REGIONS = frozenset(('me-central-1', 'cn-shanghai-finance-1', 'cn-heyuan-acdr-1', 'cn-hangzhou-finance'))


def default_endpoint(region):
    """The FC 3.0 API host of ``region``, as the SDK's endpoint map gives it."""
    if region in _FC_SUBDOMAIN_REGIONS:
        return '%s.fc.aliyuncs.com' % region
    return 'fcv3.%s.aliyuncs.com' % region


def _milliseconds(seconds):
    return int(seconds * 1000)


def _body_map(response):
    body = getattr(response, 'body', None)
    return body.to_map() if body is not None else {}


class FC3Client:
    """FC3 API calls with timeouts, bounded retries and errors mapped to ``FC3Error``.

    One client may serve many threads at once: every call builds its own request and runtime options,
    and the SDK sends through a connection pool per endpoint; ``pool_size`` should be at least the
    number of threads, so that no connection is thrown away between requests. A ``rate_limiter``
    (``rate_limiter.AdaptiveRateLimiter``) paces every call of every thread to one shared rate.
    """

    def __init__(self, settings, on_retry=None, pool_size=None, environ=None, rate_limiter=None):
        self._settings = settings
        self._on_retry = on_retry
        self._pool_size = pool_size
        self.rate_limiter = rate_limiter
        self._sdk = SdkClient(self._sdk_config(settings))
        # Some SDK endpoint-map entries end in whitespace (ap-southeast-5 has a trailing tab), which
        # makes every call fail; the default endpoint is only known once the client computed it.
        endpoint = getattr(self._sdk, '_endpoint', None)
        if isinstance(endpoint, str) and endpoint != endpoint.strip():
            self._sdk._endpoint = endpoint = endpoint.strip()
        if not settings.endpoint_host and not getattr(self._sdk, '_endpoint_map', None):
            # SDKs before the endpoint map (4.7.0 to at least 4.7.5) name the host 'fc.aliyuncs.com', with no
            # region in it: use the host the later SDKs map the region to.
            self._sdk._endpoint = endpoint = default_endpoint(settings.region)
        host = settings.endpoint_host or endpoint or ''
        self.endpoint_url = '%s://%s' % (settings.protocol, host)
        self.proxy = self._choose_proxy(settings, host, os.environ if environ is None else environ)

    @staticmethod
    def _choose_proxy(settings, host, environ):
        if settings.proxy:
            return settings.proxy
        proxy = environment_proxy(host, settings.protocol, environ)
        if proxy is None:
            # The SDK reads these variables itself and knows nothing of no_proxy: this process must not
            # hand them to it when the endpoint is to be reached directly.
            for name in SDK_PROXY_VARIABLES:
                environ.pop(name, None)
        return proxy

    @staticmethod
    def _sdk_config(settings):
        config = SdkConfig(
            region_id=settings.region,
            endpoint=settings.endpoint_host,
            protocol=settings.protocol,
            connect_timeout=_milliseconds(settings.connect_timeout),
            read_timeout=_milliseconds(settings.read_timeout),
            user_agent=USER_AGENT,
        )
        if settings.access_key_id:
            config.access_key_id = settings.access_key_id
            config.access_key_secret = settings.access_key_secret
            config.security_token = settings.security_token
        else:
            # The SDK ignores the default credential chain unless it is handed a credentials client.
            from alibabacloud_credentials.client import Client as CredentialsClient
            config.credential = CredentialsClient()
        return config

    def _runtime(self, remaining):
        settings = self._settings
        # Never let one attempt outlive the task's retry budget.
        runtime = RuntimeOptions(
            connect_timeout=_milliseconds(max(1.0, min(settings.connect_timeout, remaining))),
            read_timeout=_milliseconds(max(1.0, min(settings.read_timeout, remaining))),
            max_idle_conns=self._pool_size,
        )
        if self.proxy:
            runtime.http_proxy = runtime.https_proxy = self.proxy
        if settings.ca_bundle:
            runtime.ca = settings.ca_bundle
        if not settings.validate_certs:
            runtime.ignore_ssl = True
        return runtime

    def _call(self, operation, *args):
        """Call ``<operation>_with_options`` with per-attempt timeouts, inside the retry budget."""
        method = getattr(self._sdk, operation + '_with_options')

        def attempt(remaining):
            try:
                return method(*(args + ({}, self._runtime(remaining))))
            # The SDK raises unrelated exception families (API errors, transport, credentials);
            # every one of them becomes an FC3Error so that callers handle a single type.
            except Exception as exc:  # pylint: disable=broad-except
                error = error_from_exception(exc)
                error.endpoint = self.endpoint_url
                raise error

        return call_with_retries(attempt, self._settings.retry_policy, self._on_retry, limiter=self.rate_limiter)

    def get_async_invoke_config(self, function_name, qualifier):
        """The config of ``function_name`` + ``qualifier`` as an API map, or ``None`` when the service says
        it has none. A missing function, version or alias is still an error (``FC3Error.missing_target``).
        """
        request = fc_models.GetAsyncInvokeConfigRequest(qualifier=qualifier)
        try:
            return _body_map(self._call('get_async_invoke_config', function_name, request))
        except FC3Error as error:
            if error.missing_config:
                return None
            raise

    def _all_pages(self, operation, make_request, key, what):
        """The items under ``key`` of every page of a list operation; ``make_request(next_token)`` builds the
        request of one page. A page token that comes back twice would loop for ever: it is an error."""
        items = []
        next_token = None
        seen_tokens = set()
        while True:
            page = _body_map(self._call(operation, make_request(next_token)))
            items.extend(page.get(key) or [])
            next_token = page.get('nextToken')
            if not next_token:
                return items
            if next_token in seen_tokens:
                raise FC3Error('The service returned the page token %r twice while listing %s' % (next_token, what),
                               code='InvalidResponse')
            seen_tokens.add(next_token)

    def list_async_invoke_configs(self, function_name=None):
        """Every config (of one function, or of the region), all pages fetched; ``[]`` when none. A function
        that does not exist is an error (``FC3Error.missing_target``): the caller decides what it means."""
        def make_request(next_token):
            return fc_models.ListAsyncInvokeConfigsRequest(function_name=function_name, limit=API_PAGE_SIZE,
                                                           next_token=next_token)
        return self._all_pages('list_async_invoke_configs', make_request, 'configs', 'async invoke configs')

    def list_functions(self, prefix=None, tags=None, runtime=None, resource_group_id=None, fc_version=None):
        """Every function the service's filters match, all pages fetched, as API maps; ``[]`` when none.

        ``tags`` maps keys to values; the SDK sends them as the ``tags`` query parameter, a JSON list of
        ``{"Key", "Value"}``. ``None`` leaves a filter out of the request.
        """
        tag_filter = [fc_models.Tag(key=key, value=value) for key, value in sorted(tags.items())] if tags else None

        def make_request(next_token):
            return fc_models.ListFunctionsRequest(prefix=prefix, tags=tag_filter, runtime=runtime,
                                                  resource_group_id=resource_group_id, fc_version=fc_version,
                                                  limit=API_PAGE_SIZE, next_token=next_token)
        return self._all_pages('list_functions', make_request, 'functions', 'functions')

    def put_async_invoke_config(self, function_name, qualifier, body):
        """Create or replace the config from an API-shaped ``body``; returns the stored config."""
        request = fc_models.PutAsyncInvokeConfigRequest(
            qualifier=qualifier, body=fc_models.PutAsyncInvokeConfigInput().from_map(body))
        return _body_map(self._call('put_async_invoke_config', function_name, request))

    def delete_async_invoke_config(self, function_name, qualifier):
        """Delete the config: ``DELETED``, ``ABSENT`` (the service says there was none) or ``MAYBE_DELETED``
        (it says so now, but an earlier attempt got no answer and may have deleted it). A function, version
        or alias that does not exist is an error (``FC3Error.missing_target``)."""
        request = fc_models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier)
        try:
            self._call('delete_async_invoke_config', function_name, request)
        except FC3Error as error:
            if error.missing_config:
                return ABSENT if error.every_attempt_answered else MAYBE_DELETED
            raise
        return DELETED
