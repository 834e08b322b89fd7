# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that turns the collection's connection options into FC3 API calls.

``FC3Client`` owns the SDK client, timeouts and retries, and answers in plain dicts in the API's
camelCase shape; "not found" comes back as ``None`` / ``[]`` / ``False`` instead of an error.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

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

_REGION_RE = re.compile(r'^[a-z]{2,}(-[a-z0-9]+)+$')
_ENDPOINT_RE = re.compile(r'^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?/?$')


class ConnectionSettings:
    """Validated connection options; building one makes no request."""

    def __init__(self, region, endpoint=None, access_key_id=None, access_key_secret=None, security_token=None,
                 connect_timeout=5.0, read_timeout=10.0, retry_policy=None):
        self.region = region
        self.protocol, self.endpoint_host = parse_endpoint(endpoint) if endpoint else ('https', None)
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retry_policy = retry_policy or RetryPolicy()

    @classmethod
    def from_params(cls, params):
        """Build from module parameters; raises ``ValueError`` with a message that names the option."""
        region = params.get('region')
        if not region:
            raise ValueError('region is required: set the region option (alias region_id) or the '
                             'ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION environment variable')
        if not _REGION_RE.match(region):
            raise ValueError("region must be a region id such as cn-hangzhou, got '%s'" % region)
        access_key_id = params.get('access_key_id')
        access_key_secret = params.get('access_key_secret')
        if bool(access_key_id) != bool(access_key_secret):
            raise ValueError('access_key_id and access_key_secret must be given together (or neither, to use the '
                             'credentials default chain)')
        if params.get('security_token') and not access_key_id:
            raise ValueError('security_token needs access_key_id and access_key_secret (the STS key pair)')
        for option in ('connect_timeout', 'read_timeout', 'retry_timeout'):
            if params.get(option) is not None and params[option] <= 0:
                raise ValueError('%s must be greater than 0, got %s' % (option, params[option]))
        if params.get('retries') is not None and params['retries'] < 0:
            raise ValueError('retries must be 0 or more, got %s' % params['retries'])
        policy = RetryPolicy(retries=params['retries'], timeout=params['retry_timeout'])
        return cls(region, endpoint=params.get('endpoint'), access_key_id=access_key_id,
                   access_key_secret=access_key_secret, security_token=params.get('security_token'),
                   connect_timeout=params['connect_timeout'], read_timeout=params['read_timeout'], retry_policy=policy)


def parse_endpoint(value):
    """Split ``http(s)://host[:port]`` (or a bare host, taken as https) into ``(protocol, host[:port])``."""
    text = value.strip()
    match = _ENDPOINT_RE.match(text)
    scheme = (match.group('scheme') or 'https').lower() if match else None
    port = match.group('port') if match else None
    if not match or scheme not in ('http', 'https') or (port and not 0 < int(port) < 65536):
        # Never echo a value that may carry user:password@ in it.
        shown = " got '%s'" % text if '@' not in text else ''
        raise ValueError('endpoint must look like https://host[:port] or http://host[:port],%s' % shown)
    host = match.group('host') + (':%s' % port if port else '')
    return scheme, host


def _milliseconds(seconds):
    return int(seconds * 1000)


def _body_map(response):
    body = getattr(response, 'body', None)
    return body.to_map() if body is not None else {}


class FC3Client:
    """FC3 API calls with timeouts, bounded retries and errors mapped to ``FC3Error``."""

    def __init__(self, settings, on_retry=None):
        self._settings = settings
        self._on_retry = on_retry
        self._sdk = SdkClient(self._sdk_config(settings))
        # Some SDK endpoint-map entries end in whitespace (ap-southeast-5 has a trailing tab), which
        # makes every call fail; the default endpoint is only known once the client computed it.
        endpoint = getattr(self._sdk, '_endpoint', None)
        if isinstance(endpoint, str) and endpoint != endpoint.strip():
            self._sdk._endpoint = endpoint.strip()

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

    def _call(self, operation, *args):
        """Call ``<operation>_with_options`` with per-attempt timeouts, inside the retry budget."""
        method = getattr(self._sdk, operation + '_with_options')
        settings = self._settings

        def attempt(remaining):
            # Never let one attempt outlive the task's retry budget.
            runtime = RuntimeOptions(
                connect_timeout=_milliseconds(max(1.0, min(settings.connect_timeout, remaining))),
                read_timeout=_milliseconds(max(1.0, min(settings.read_timeout, remaining))),
            )
            try:
                return method(*(args + ({}, runtime)))
            # The SDK raises unrelated exception families (API errors, transport, credentials);
            # every one of them becomes an FC3Error so that callers handle a single type.
            except Exception as exc:  # pylint: disable=broad-except
                raise error_from_exception(exc)

        return call_with_retries(attempt, settings.retry_policy, self._on_retry)

    def get_async_invoke_config(self, function_name, qualifier):
        """The config of ``function_name`` + ``qualifier`` as an API map, or ``None`` when it has none.

        A missing function, version or alias is still an error (``FC3Error.missing_target``).
        """
        request = fc_models.GetAsyncInvokeConfigRequest(qualifier=qualifier)
        try:
            return _body_map(self._call('get_async_invoke_config', function_name, request))
        except FC3Error as error:
            if error.not_found and not error.missing_target:
                return None
            raise

    def list_async_invoke_configs(self, function_name=None):
        """Every config (of one function, or of the region), all pages fetched; ``[]`` when none."""
        configs = []
        next_token = None
        seen_tokens = set()
        while True:
            request = fc_models.ListAsyncInvokeConfigsRequest(function_name=function_name, limit=API_PAGE_SIZE,
                                                              next_token=next_token)
            try:
                page = _body_map(self._call('list_async_invoke_configs', request))
            except FC3Error as error:
                if function_name and error.not_found:
                    return []
                raise
            configs.extend(page.get('configs') or [])
            next_token = page.get('nextToken')
            if not next_token:
                return configs
            if next_token in seen_tokens:
                raise FC3Error('The service returned the page token %r twice while listing async invoke configs'
                               % next_token, code='InvalidResponse')
            seen_tokens.add(next_token)

    def put_async_invoke_config(self, function_name, qualifier, body):
        """Create or replace the config from an API-shaped ``body``; returns the stored config."""
        request = fc_models.PutAsyncInvokeConfigRequest(
            qualifier=qualifier, body=fc_models.PutAsyncInvokeConfigInput().from_map(body))
        return _body_map(self._call('put_async_invoke_config', function_name, request))

    def delete_async_invoke_config(self, function_name, qualifier):
        """Delete the config; ``False`` when there was none (or no such function)."""
        request = fc_models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier)
        try:
            self._call('delete_async_invoke_config', function_name, request)
        except FC3Error as error:
            if error.not_found:
                return False
            raise
        return True
