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
import json
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
        # Other accounts and profiles (issue 21): Terraform alicloud's and alibaba.alicloud's names.
        profile=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'])),
        assume_role_arn=dict(type='str', fallback=(env_fallback, ['ALICLOUD_ASSUME_ROLE_ARN'])),
        assume_role_session_name=dict(type='str', fallback=(env_fallback, ['ALICLOUD_ASSUME_ROLE_SESSION_NAME'])),
        assume_role_session_expiration=dict(
            type='int', fallback=(env_fallback, ['ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION'])
        ),
        # The condition of the role's trust policy: not a credential, left readable.
        assume_role_external_id=dict(
            type='str', no_log=False, fallback=(env_fallback, ['ALICLOUD_ASSUME_ROLE_EXTERNAL_ID'])
        ),
        assume_role_policy=dict(type='str'),
        sts_endpoint=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_STS_ENDPOINT', 'ALICLOUD_STS_ENDPOINT'])),
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

# AssumeRole's limits, from the STS API reference (AssumeRole request parameters): DurationSeconds 900 to
# 43200 (the role's maximum session duration may be lower: the service says so), RoleSessionName 2 to 64
# letters, digits and . @ - _, ExternalId 2 to 1224 letters, digits and = , . @ : / - _, Policy 1 to 2048 characters.
SESSION_EXPIRATION_RANGE = (900, 43200)
DEFAULT_SESSION_EXPIRATION = 3600
DEFAULT_SESSION_NAME = 'ansible'
MAX_POLICY_LENGTH = 2048
_ROLE_ARN_RE = re.compile(r'acs:ram::(?P<account>\d+):role/(?P<name>\S+)', re.IGNORECASE)
_SESSION_NAME_RE = re.compile(r'[A-Za-z0-9.@_-]{2,64}')
_EXTERNAL_ID_RE = re.compile(r'[A-Za-z0-9=,.@:/_-]{2,1224}')
ROLE_OPTIONS = (
    'assume_role_session_name',
    'assume_role_session_expiration',
    'assume_role_external_id',
    'assume_role_policy',
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
        profile=None,
        assume_role=None,
        sts_endpoint=None,
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
        self.profile = profile
        # An AssumeRole (its request's settings) or None; see assume_role_settings().
        self.assume_role = assume_role
        # (protocol, host[:port]) of STS: the option's, or the region's STS host.
        self.sts_endpoint = (
            parse_endpoint(sts_endpoint, 'sts_endpoint') if sts_endpoint else ('https', sts_host(region))
        )

    @classmethod
    def from_params(cls, params, given=None):
        """Build from module parameters; raises ``ValueError`` with a message that names the option.

        ``given``: the names (and aliases) of the options the task set itself, as opposed to their environment
        fallbacks; ``None`` takes every value that is set as given."""
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
        profile = (params.get('profile') or '').strip() or None
        security_token = params.get('security_token')
        if profile is not None:
            profile, access_key_id, access_key_secret = _profile_or_keys(params, given)
            security_token = security_token if access_key_id else None
        if access_key_id and access_key_id.upper().startswith('STS.') and not security_token:
            raise ValueError(
                'access_key_id is a temporary STS AccessKey (it starts with STS.): set security_token (or the '
                'ALIBABA_CLOUD_SECURITY_TOKEN environment variable) to the token issued with it'
            )
        assume_role = assume_role_settings(params)
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
            security_token=security_token,
            connect_timeout=params['connect_timeout'],
            read_timeout=params['read_timeout'],
            retry_policy=policy,
            proxy=params.get('proxy'),
            ca_bundle=ca_bundle or None,
            validate_certs=params.get('validate_certs', True) is not False,
            profile=profile,
            assume_role=assume_role,
            sts_endpoint=params.get('sts_endpoint'),
        )


def _profile_or_keys(params, given):
    """``(profile, access_key_id, access_key_secret)``: a profile replaces a key pair from the environment and
    cannot stand beside one given as options; a profile from the environment yields to keys given as options."""
    profile = params['profile'].strip()
    given = set(name for name, value in params.items() if value is not None) if given is None else set(given)
    named = sorted(given & {'access_key_id', 'access_key', 'access_key_secret', 'secret_key', 'security_token'})
    if named and 'profile' not in given:
        return None, params.get('access_key_id'), params.get('access_key_secret')
    if named:
        raise ValueError(
            'profile cannot be used with %s given as options: the profile holds the credentials (leave out '
            'the key options or the profile)' % ' and '.join(named)
        )
    return profile, None, None


class AssumeRole:
    """What to ask STS for: the role, the session's name and length, its external ID and policy."""

    def __init__(
        self,
        arn,
        session_name=DEFAULT_SESSION_NAME,
        expiration=DEFAULT_SESSION_EXPIRATION,
        external_id=None,
        policy=None,
    ):
        self.arn = arn
        self.session_name = session_name
        self.expiration = expiration
        self.external_id = external_id
        self.policy = policy


def assume_role_settings(params):
    """The ``AssumeRole`` the ``assume_role_*`` options ask for (``None`` without ``assume_role_arn``), checked
    against the limits STS documents; raises ``ValueError`` naming the option."""
    arn = (params.get('assume_role_arn') or '').strip()
    if not arn:
        # An empty value is no value: what an AWX credential injects for a field left empty.
        stray = [option for option in ROLE_OPTIONS if params.get(option) not in (None, '')]
        if stray:
            raise ValueError('%s needs assume_role_arn (the role to assume)' % ', '.join(stray))
        return None
    if not _ROLE_ARN_RE.fullmatch(arn):
        raise ValueError("assume_role_arn must look like acs:ram::ACCOUNT_ID:role/ROLE_NAME, got '%s'" % arn)
    session_name = params.get('assume_role_session_name') or DEFAULT_SESSION_NAME
    if not _SESSION_NAME_RE.fullmatch(session_name):
        raise ValueError(
            "assume_role_session_name must be 2 to 64 letters, digits and . @ - _, got '%s'" % session_name
        )
    expiration = params.get('assume_role_session_expiration')
    if expiration is None:
        expiration = DEFAULT_SESSION_EXPIRATION
    low, high = SESSION_EXPIRATION_RANGE
    if not low <= expiration <= high:
        raise ValueError('assume_role_session_expiration must be %d to %d (seconds), got %s' % (low, high, expiration))
    external_id = params.get('assume_role_external_id') or None
    if external_id is not None and not _EXTERNAL_ID_RE.fullmatch(external_id):
        raise ValueError('assume_role_external_id must be 2 to 1224 letters, digits and = , . @ : / - _')
    policy = params.get('assume_role_policy') or None
    if policy is not None:
        _check_policy(policy)
    return AssumeRole(arn, session_name, expiration, external_id, policy)


def _check_policy(policy):
    try:
        document = json.loads(policy)
    except ValueError as exc:
        raise ValueError('assume_role_policy must be a JSON policy document: %s' % exc)
    if not isinstance(document, dict):
        raise ValueError('assume_role_policy must be a JSON object (a policy document with a Statement)')
    if len(policy) > MAX_POLICY_LENGTH:
        raise ValueError('assume_role_policy must be at most %d characters, got %d' % (MAX_POLICY_LENGTH, len(policy)))


def sts_host(region):
    """The STS host of ``region`` (STS answers in every region at sts.REGION.aliyuncs.com)."""
    return 'sts.%s.aliyuncs.com' % region


def parse_endpoint(value, option='endpoint'):
    """Split ``http(s)://host[:port]`` (or a bare host, taken as https) into ``(protocol, host[:port])``."""
    text = value.strip()
    match = _ENDPOINT_RE.fullmatch(text)
    scheme = (match.group('scheme') or 'https').lower() if match else None
    port = match.group('port') if match else None
    if not match or scheme not in ('http', 'https') or (port and not 0 < int(port) < 65536):
        # Never echo a value that may carry user:password@ in it.
        shown = " got '%s'" % text if '@' not in text else ''
        raise ValueError('%s must look like https://host[:port] or http://host[:port],%s' % (option, shown))
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
