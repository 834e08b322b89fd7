# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK client and its transport: every FC3 API call of the collection goes through ``FC3Client.call``.

Owns: the SDK import and the minimum SDK version, the SDK's configuration (credentials, endpoint,
proxy, TLS), per-attempt timeouts, the retries an operation allows (chosen by the caller at each
call: an idempotent operation is retried, any other is sent once) and the paging of list
operations. It knows no resource: the calls of each API live in their own file
(``_async_config.api``, ``_functions.api``), and answers are the API's camelCase maps.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import threading

from ansible_collections.alicloud.fc.plugins.module_utils._connection import (
    SDK_PROXY_VARIABLES,
    default_endpoint,
    environment_proxy,
)
from ansible_collections.alicloud.fc.plugins.module_utils._credentials import RoleCredentials, task_credentials
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error, error_from_exception
from ansible_collections.alicloud.fc.plugins.module_utils._retry import call_with_retries

# The single source of the minimum SDK version: the runtime check, the documentation fragment,
# requirements.txt and the execution-environment file are tested against it.
SDK_PACKAGE = 'alibabacloud-fc20230330'
MIN_SDK_VERSION = '4.7.0'
SDK_REQUIREMENT = '%s>=%s' % (SDK_PACKAGE, MIN_SDK_VERSION)

try:
    # The request models, for the API files (_async_config.api, _functions.api) to build requests with.
    from alibabacloud_fc20230330 import models as fc_models  # pylint: disable=unused-import
    from alibabacloud_fc20230330.client import Client as SdkClient
    from alibabacloud_tea_openapi.models import Config as SdkConfig

    # darabonba-core arrived with SDK 4.7.0; its absence means an older, unsupported SDK.
    from darabonba.runtime import RuntimeOptions

    SDK_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the missing-SDK test in a bare venv
    fc_models = None
    SDK_IMPORT_ERROR = exc

HAS_SDK = SDK_IMPORT_ERROR is None


def share_tls_context():
    """Make every SDK session of this process use one TLS context, built here once.

    The SDK builds a new default context for each session it opens, loading the system's and certifi's CA
    certificates each time (about 50 ms; ``DaraCore.get_adapter``). Built at import, the one context is made
    before Ansible forks its workers (the action plugins import the module in the main process), so a task
    run in a worker opens its session without that cost. The context is the one the SDK would build (its
    default verification, certifi's CAs); a session with a minimum TLS version still gets its own.
    Returns whether the sessions share it (``False`` with an SDK whose transport is laid out otherwise).
    """
    try:
        import ssl

        import certifi
        from darabonba import core as dara_core

        adapter_class = dara_core._TLSAdapter
        default_pool_size = dara_core.DEFAULT_POOL_SIZE
        default_pool_maxsize = dara_core.DEFAULT_POOL_MAXSIZE
        sdk_get_adapter = dara_core.DaraCore.get_adapter
    except (ImportError, AttributeError):
        return False
    if getattr(sdk_get_adapter, 'shared_context', None) is not None:
        return True
    context = ssl.create_default_context()
    context.load_verify_locations(certifi.where())

    def get_adapter(prefix, tls_min_version=None, pool_size=None):
        if tls_min_version is not None:
            return sdk_get_adapter(prefix, tls_min_version, pool_size=pool_size)
        return adapter_class(
            ssl_context=context,
            pool_connections=default_pool_size,
            pool_maxsize=pool_size if pool_size is not None and pool_size > 0 else default_pool_maxsize,
        )

    get_adapter.shared_context = context
    dara_core.DaraCore.get_adapter = staticmethod(get_adapter)
    return True


if HAS_SDK:
    share_tls_context()

API_PAGE_SIZE = 100
USER_AGENT = 'AnsibleCollection/alicloud.fc'


def _milliseconds(seconds):
    return int(seconds * 1000)


def _body_map(response):
    body = getattr(response, 'body', None)
    return body.to_map() if body is not None else {}


_ARN_REGION_RE = re.compile(r'^acs:fc:([^:]*):')


def foreign_arn(answer, region):
    """The first ``functionArn`` of an API map (its own, or of an item of a list in it) that names a region other
    than ``region``, or None."""
    if not region:
        return None
    candidates = [answer]
    candidates.extend(item for value in answer.values() if isinstance(value, list) for item in value)
    for candidate in candidates:
        arn = candidate.get('functionArn') if isinstance(candidate, dict) else None
        match = _ARN_REGION_RE.match(arn) if isinstance(arn, str) else None
        if match and match.group(1) and match.group(1) != region:
            return arn
    return None


class FC3Client:
    """FC3 API calls with timeouts, bounded retries and errors mapped to ``FC3Error``.

    One client may serve many threads at once: every call builds its own request and runtime options,
    and the SDK sends through a connection pool per endpoint; ``pool_size`` should be at least the
    number of threads, so that no connection is thrown away between requests. A ``rate_limiter``
    (``_rate_limiter.AdaptiveRateLimiter``) paces every call of every thread to one shared rate.
    """

    def __init__(
        self, settings, on_retry=None, pool_size=None, environ=None, rate_limiter=None, on_foreign_region=None
    ):
        self._settings = settings
        # The region the client's calls go to (for what compares ARNs with it, such as destination checks).
        self.region = settings.region
        self._on_retry = on_retry
        # Told once, with (ARN, endpoint URL), when an answer names a region other than the configured one.
        self._on_foreign_region = on_foreign_region
        self._foreign_region_lock = threading.Lock()
        self._pool_size = pool_size
        self.rate_limiter = rate_limiter
        # A profile's or a role's provider (None: the key pair or the default chain); an unknown profile raises
        # ValueError here, before any request.
        self.credentials = task_credentials(settings)
        self._sdk = SdkClient(self._sdk_config(settings, self.credentials))
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

    def assume_role(self):
        """Assume the task's role now, before any Function Compute request (nothing without one); raises
        ``FC3Error`` when STS refuses. The credentials are kept for every later request of the client."""
        if isinstance(self.credentials, RoleCredentials):
            self.credentials.get_credentials()

    @staticmethod
    def _sdk_config(settings, credentials=None):
        config = SdkConfig(
            region_id=settings.region,
            endpoint=settings.endpoint_host,
            protocol=settings.protocol,
            connect_timeout=_milliseconds(settings.connect_timeout),
            read_timeout=_milliseconds(settings.read_timeout),
            user_agent=USER_AGENT,
        )
        if credentials is not None:
            from alibabacloud_credentials.client import Client as CredentialsClient

            config.credential = CredentialsClient(provider=credentials)
        elif settings.access_key_id:
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

    def call(self, operation, *args, idempotent):
        """The answer of ``<operation>_with_options(*args)`` as an API map, with per-attempt timeouts.

        ``idempotent``: whether sending the request again cannot do more than sending it once (a read, a
        PUT of a whole config, a delete). Such a call is retried within the retry policy; any other is
        sent again only after the service refused it unprocessed (throttling), so that a lost answer is
        never turned into a second write.
        """
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

        answer = _body_map(
            call_with_retries(
                attempt, self._settings.retry_policy, self._on_retry, limiter=self.rate_limiter, idempotent=idempotent
            )
        )
        if self._on_foreign_region is not None:
            arn = foreign_arn(answer, self._settings.region)
            if arn:
                with self._foreign_region_lock:
                    tell, self._on_foreign_region = self._on_foreign_region, None
                if tell is not None:
                    tell(arn, self.endpoint_url)
        return answer

    def all_pages(self, operation, make_request, key, what):
        """The items under ``key`` of every page of a list operation (a read: retried); ``make_request(next_token)``
        builds the request of one page. A page token that comes back twice would loop for ever: it is an error."""
        items = []
        for page_items, dummy in self.pages(operation, make_request, key, what):
            items.extend(page_items)
        return items

    def pages(self, operation, make_request, key, what):
        """Yields ``(items under key, whether more pages follow)`` page by page, so that a caller may stop early;
        otherwise as ``all_pages``."""
        next_token = None
        seen_tokens = set()
        while True:
            page = self.call(operation, make_request(next_token), idempotent=True)
            next_token = page.get('nextToken')
            yield page.get(key) or [], bool(next_token)
            if not next_token:
                return
            if next_token in seen_tokens:
                raise FC3Error(
                    'The service returned the page token %r twice while listing %s' % (next_token, what),
                    code='InvalidResponse',
                )
            seen_tokens.add(next_token)
