# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a task's credentials come from: a profile, and a RAM role assumed with the task's credentials.

Owns: the profile lookup (the CLI config ``~/.aliyun/config.json``, then the credentials file), the local
check that names an unknown profile, the role assumption through ``alibabacloud-credentials``' own
``RamRoleArnCredentialsProvider`` (which signs and sends STS AssumeRole), fetching the role's credentials
once per task (``RoleCredentials``: one client, one cache, however many threads) and renewing them before
they expire, and the message of a refused AssumeRole. The role's key, secret and token stay inside the
credentials objects: nothing here puts them in a message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import configparser
import inspect
import json
import logging
import os
import re
import threading
import time

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error

try:
    from alibabacloud_credentials.http import HttpOptions
    from alibabacloud_credentials.provider import (
        CLIProfileCredentialsProvider,
        DefaultCredentialsProvider,
        ProfileCredentialsProvider,
        RamRoleArnCredentialsProvider,
        StaticAKCredentialsProvider,
        StaticSTSCredentialsProvider,
    )
    from alibabacloud_credentials_api import ICredentialsProvider
except ImportError:  # pragma: no cover - the modules fail on the missing SDK first (_client.HAS_SDK)
    ICredentialsProvider = object

# Renew the role's credentials this long before they expire at most (a quarter of their life when that is shorter).
RENEW_BEFORE = 300

# The library logs every refresh and failure to stderr (a handler of its own from 1.0.3 on): in a module run in
# Ansible's worker that would reach the console. This collection reports those failures itself.
_LIBRARY_LOGGERS = ('credentials', 'alibabacloud_credentials.provider.refreshable')

_STS_ANSWER_RE = re.compile(r'http_code: (?P<status>\d+), result: (?P<body>.*)\Z', re.DOTALL)

ROLE_HELP = (
    'Allow these credentials to assume the role %s: its trust policy must trust the caller (the account or '
    'RAM identity of the task\'s credentials), assume_role_external_id must be the ExternalId that policy '
    'requires, and the caller needs the sts:AssumeRole permission on the role.'
)


def _quiet_library():
    for name in _LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _home(environ):
    return environ.get('HOME') or os.path.expanduser('~')


def cli_config_path(environ):
    """The Alibaba Cloud CLI's config file."""
    return os.path.join(_home(environ), '.aliyun', 'config.json')


def credentials_file_path(environ):
    """The credentials file: ``ALIBABA_CLOUD_CREDENTIALS_FILE``, else ``~/.alibabacloud/credentials.ini``."""
    return environ.get('ALIBABA_CLOUD_CREDENTIALS_FILE') or os.path.join(
        _home(environ), '.alibabacloud', 'credentials.ini'
    )


def cli_profile_names(path):
    """The profile names of a CLI config file (none when it cannot be read)."""
    try:
        with open(path, encoding='utf-8') as handle:
            config = json.load(handle)
    except (OSError, ValueError):
        return []
    profiles = config.get('profiles') if isinstance(config, dict) else None
    return [item['name'] for item in profiles or [] if isinstance(item, dict) and isinstance(item.get('name'), str)]


def credentials_file_sections(path):
    """The section names of a credentials file (none when it cannot be read)."""
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding='utf-8')
    except (configparser.Error, UnicodeDecodeError):
        return []
    return parser.sections()


def profile_provider(name, environ=None):
    """The provider of profile ``name``: the CLI config's profile of that name, else the credentials file's
    section. Raises ``ValueError`` naming the profile and the files looked in when neither has it."""
    environ = os.environ if environ is None else environ
    cli_path = cli_config_path(environ)
    # ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true keeps the library away from the CLI config: so does this lookup.
    cli_disabled = environ.get('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', '').lower() == 'true'
    cli_names = [] if cli_disabled else cli_profile_names(cli_path)
    if name in cli_names:
        if 'profile_file' in inspect.signature(CLIProfileCredentialsProvider.__init__).parameters:
            return CLIProfileCredentialsProvider(profile_name=name, profile_file=cli_path)
        # Older alibabacloud-credentials (1.0.2 among them) take the file from the HOME they saw when imported.
        provider = CLIProfileCredentialsProvider(profile_name=name)
        provider._profile_file = cli_path  # pylint: disable=protected-access
        return provider
    ini_path = credentials_file_path(environ)
    sections = credentials_file_sections(ini_path)
    if name in sections:
        return ProfileCredentialsProvider(profile_file=ini_path, profile_name=name)
    raise ValueError(
        "profile '%s' was not found: the CLI config %s has %s and the credentials file %s has %s "
        '(ALIBABA_CLOUD_CREDENTIALS_FILE names another file)'
        % (name, cli_path, _listed('profiles', cli_names), ini_path, _listed('sections', sections))
    )


def _listed(what, names):
    return '%s %s' % (what, ', '.join(sorted(names))) if names else 'no %s' % what


def source_provider(settings):
    """The provider of the task's own credentials: its key pair (and token), its profile or the default chain."""
    if settings.access_key_id:
        if settings.security_token:
            return StaticSTSCredentialsProvider(
                access_key_id=settings.access_key_id,
                access_key_secret=settings.access_key_secret,
                security_token=settings.security_token,
            )
        return StaticAKCredentialsProvider(
            access_key_id=settings.access_key_id, access_key_secret=settings.access_key_secret
        )
    if settings.profile:
        return profile_provider(settings.profile)
    return DefaultCredentialsProvider()


def sts_endpoint_for_library(protocol, host):
    """The library always speaks HTTPS to the host it is given, unless that host carries its scheme."""
    return host if protocol == 'https' else '%s://%s' % (protocol, host)


def role_provider(settings, source):
    """``alibabacloud-credentials``' provider that assumes ``settings.assume_role`` with ``source``."""
    role = settings.assume_role
    return RamRoleArnCredentialsProvider(
        credentials_provider=source,
        role_arn=role.arn,
        role_session_name=role.session_name,
        duration_seconds=role.expiration,
        policy=role.policy,
        external_id=role.external_id,
        sts_endpoint=sts_endpoint_for_library(*settings.sts_endpoint),
        http_options=HttpOptions(
            proxy=settings.proxy,
            connect_timeout=int(settings.connect_timeout * 1000),
            read_timeout=int(settings.read_timeout * 1000),
        ),
    )


def task_credentials(settings):
    """The credentials provider of a task, or ``None`` when the SDK takes the key pair (or the default chain)
    as it always did: a ``RoleCredentials`` with ``assume_role_arn``, the profile's provider with ``profile``.
    Raises ``ValueError`` for a profile that does not exist (no request is made)."""
    if settings.assume_role is not None:
        return RoleCredentials(role_provider(settings, source_provider(settings)), settings.assume_role.arn)
    if settings.profile:
        return profile_provider(settings.profile)
    return None


def renewal_time(expiration, now):
    """When credentials that expire at ``expiration`` (epoch seconds; ``None``: never) are to be renewed."""
    if expiration is None:
        return float('inf')
    return expiration - min(RENEW_BEFORE, max(0.0, expiration - now) / 4.0)


class RoleCredentials(ICredentialsProvider):
    """The role's credentials for one task: fetched once (one AssumeRole, whatever the number of threads and
    requests) and fetched again only shortly before they expire, so that a long task never signs with expired
    ones. ``assumed`` counts the AssumeRole calls made."""

    def __init__(self, provider, role_arn, clock=time.time):
        self._provider = provider
        self._role_arn = role_arn
        self._clock = clock
        self._lock = threading.Lock()
        self._credentials = None
        self._renew_at = None
        self.assumed = 0

    def get_credentials(self):
        with self._lock:
            if self._credentials is None or self._clock() >= self._renew_at:
                _quiet_library()
                try:
                    credentials = self._provider.get_credentials()
                except Exception as exc:  # pylint: disable=broad-except
                    # Raised without the library's exception as its context: that would show STS's answer twice.
                    raise assume_role_error(exc, self._role_arn) from None
                finally:
                    self.assumed += 1
                self._credentials = credentials
                self._renew_at = renewal_time(credentials.get_expiration(), self._clock())
            return self._credentials

    async def get_credentials_async(self):
        # The modules make blocking calls only; an async caller gets the same credentials, fetched the same way.
        return self.get_credentials()

    def get_provider_name(self):
        return 'ram_role_arn'


def assume_role_error(exc, role_arn):
    """An ``FC3Error`` for a failed AssumeRole: what to do first, then STS's code, message and request id."""
    text = str(getattr(exc, 'message', None) or exc)
    answer = _STS_ANSWER_RE.search(text)
    if answer:
        status = int(answer.group('status'))
        try:
            body = json.loads(answer.group('body'))
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        code = body.get('Code') or 'AssumeRoleFailed'
        request_id = body.get('RequestId')
        said = '%s: %s' % (code, body.get('Message') or answer.group('body')[:300].strip())
        message = '%s STS refused AssumeRole: %s (request id: %s)' % (
            ROLE_HELP % role_arn,
            said,
            request_id or 'not given',
        )
        return FC3Error(message, code=code, request_id=request_id, status_code=status)
    # No answer from STS: the connection, the proxy, or the task's own credentials failed first.
    return FC3Error(
        'Could not assume the role %s: %s' % (role_arn, text[:500].strip() or type(exc).__name__),
        code='AssumeRoleFailed',
    )
