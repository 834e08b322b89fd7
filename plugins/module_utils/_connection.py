# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options of every module: their argument spec, their checks and what they mean.

Owns: ``connection_argument_spec`` (documented once, in the ``alicloud.fc.connection`` doc fragment),
``ConnectionSettings`` (the options checked, before any request), the endpoint and proxy URL rules,
the proxy an endpoint is reached through (``no_proxy`` included) and a region's default endpoint.
Nothing here imports the SDK or makes a request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import math
import os
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.alicloud.fc.plugins.module_utils._retry import (
    DEFAULT_RETRIES,
    DEFAULT_RETRY_TIMEOUT,
    RetryPolicy,
)

# Options whose value is a URL that may carry user:password@ although the option itself is not secret.
URL_OPTIONS = ('endpoint', 'proxy')


def connection_argument_spec():
    """The options every module of the collection shares."""
    return dict(
        region=dict(
            type='str', aliases=['region_id'], fallback=(env_fallback, ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION'])
        ),
        # An identifier, not a secret: left readable so that errors naming it can be acted upon.
        access_key_id=dict(
            type='str',
            aliases=['access_key'],
            no_log=False,
            fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY']),
        ),
        access_key_secret=dict(
            type='str',
            aliases=['secret_key'],
            no_log=True,
            fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_SECRET_KEY']),
        ),
        security_token=dict(
            type='str',
            no_log=True,
            fallback=(env_fallback, ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN']),
        ),
        endpoint=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_FC_ENDPOINT'])),
        proxy=dict(type='str'),
        ca_bundle=dict(type='path', fallback=(env_fallback, ['ALIBABA_CLOUD_CA_BUNDLE'])),
        validate_certs=dict(type='bool', default=True),
        connect_timeout=dict(type='float', default=5.0),
        read_timeout=dict(type='float', default=10.0),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        retry_timeout=dict(type='float', default=DEFAULT_RETRY_TIMEOUT),
    )


# Whole-string patterns (re.fullmatch): "$" would let a trailing newline through to the request.
_REGION_RE = re.compile(r'[a-z]{2,}(-[a-z0-9]+)+')
_ENDPOINT_RE = re.compile(
    r'(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?/?'
)
_PROXY_RE = re.compile(
    r'(?P<scheme>https?)://(?:(?P<userinfo>[^@/?#\s]*)@)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?/?',
    re.IGNORECASE,
)

# The proxy variables the SDK reads on its own (it ignores no_proxy), and the ones HTTP clients honour.
SDK_PROXY_VARIABLES = ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy')


class ConnectionSettings:
    """Validated connection options; building one makes no request."""

    def __init__(
        self,
        region,
        endpoint=None,
        access_key_id=None,
        access_key_secret=None,
        security_token=None,
        connect_timeout=5.0,
        read_timeout=10.0,
        retry_policy=None,
        proxy=None,
        ca_bundle=None,
        validate_certs=True,
    ):
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
            raise ValueError(
                'region is required: set the region option (alias region_id) or the '
                'ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION environment variable'
            )
        if not _REGION_RE.fullmatch(region):
            raise ValueError("region must be a region id such as cn-hangzhou, got %r" % region)
        access_key_id = params.get('access_key_id')
        access_key_secret = params.get('access_key_secret')
        if bool(access_key_id) != bool(access_key_secret):
            raise ValueError(
                'access_key_id and access_key_secret must be given together (or neither, to use the '
                'credentials default chain)'
            )
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
        return cls(
            region,
            endpoint=params.get('endpoint'),
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=params.get('security_token'),
            connect_timeout=params['connect_timeout'],
            read_timeout=params['read_timeout'],
            retry_policy=policy,
            proxy=params.get('proxy'),
            ca_bundle=ca_bundle or None,
            validate_certs=params.get('validate_certs', True) is not False,
        )


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
