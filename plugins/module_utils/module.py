# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``FC3Module``: an ``AnsibleModule`` that carries the shared options and hands out an FC3 client.

The options declared here are documented once in the ``alicloud.fc.connection`` doc fragment.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.alicloud.fc.plugins.module_utils.client import (
    HAS_SDK,
    SDK_IMPORT_ERROR,
    SDK_REQUIREMENT,
    ConnectionSettings,
    FC3Client,
    url_secret,
)
from ansible_collections.alicloud.fc.plugins.module_utils.errors import failure_message
from ansible_collections.alicloud.fc.plugins.module_utils.rate_limiter import AdaptiveRateLimiter
from ansible_collections.alicloud.fc.plugins.module_utils.retry import DEFAULT_RETRIES, DEFAULT_RETRY_TIMEOUT

# Options whose value is a URL that may carry user:password@ although the option itself is not secret.
URL_OPTIONS = ('endpoint', 'proxy')


def connection_argument_spec():
    """The options every module of the collection shares."""
    return dict(
        region=dict(type='str', aliases=['region_id'],
                    fallback=(env_fallback, ['ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION'])),
        # An identifier, not a secret: left readable so that errors naming it can be acted upon.
        access_key_id=dict(type='str', aliases=['access_key'], no_log=False,
                           fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY'])),
        access_key_secret=dict(type='str', aliases=['secret_key'], no_log=True,
                               fallback=(env_fallback, ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_SECRET_KEY'])),
        security_token=dict(type='str', no_log=True,
                            fallback=(env_fallback, ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN'])),
        endpoint=dict(type='str', fallback=(env_fallback, ['ALIBABA_CLOUD_FC_ENDPOINT'])),
        proxy=dict(type='str'),
        ca_bundle=dict(type='path', fallback=(env_fallback, ['ALIBABA_CLOUD_CA_BUNDLE'])),
        validate_certs=dict(type='bool', default=True),
        connect_timeout=dict(type='float', default=5.0),
        read_timeout=dict(type='float', default=10.0),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        retry_timeout=dict(type='float', default=DEFAULT_RETRY_TIMEOUT),
    )


DESTINATION_SPEC = dict(type='dict', options=dict(destination=dict(type='str')))


def settings_argument_spec():
    """The four writable settings of an async invoke config."""
    return dict(
        async_task=dict(type='bool'),
        max_async_event_age_in_seconds=dict(type='int'),
        max_async_retry_attempts=dict(type='int'),
        destination_config=dict(type='dict', options=dict(on_success=DESTINATION_SPEC, on_failure=DESTINATION_SPEC)),
    )


def config_argument_spec():
    """One config: which function qualifier, whether it should exist, and its settings."""
    spec = dict(
        function_name=dict(type='str', required=True),
        qualifier=dict(type='str', default='LATEST'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    spec.update(settings_argument_spec())
    return spec


class FC3Module(AnsibleModule):
    """An AnsibleModule with the shared connection options, the SDK check and FC3 error reporting."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(FC3Module, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_SDK:
            self.fail_json(msg=missing_required_lib(SDK_REQUIREMENT), exception=str(SDK_IMPORT_ERROR))
        self._client = None

    def _mask_url_secrets(self):
        # A password inside a URL option is a secret no_log does not know about; it must be masked in
        # everything returned, the invocation included, even when argument validation fails on it.
        params = getattr(self, 'params', None) or {}
        for option in URL_OPTIONS:
            secret = url_secret(params.get(option))
            if secret:
                self.no_log_values.add(secret)

    def exit_json(self, **kwargs):
        self._mask_url_secrets()
        super(FC3Module, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._mask_url_secrets()
        super(FC3Module, self).fail_json(msg, **kwargs)

    def client_for(self, pool_size=None, on_retry=None, paced=False):
        """A new FC3 client (``on_retry`` defaults to a warning per retry); ``paced``: every thread using it
        shares one adaptive rate (``client.rate_limiter``), stalled after ``retry_timeout`` without
        progress. Bad connection options fail the task before any request."""
        try:
            settings = ConnectionSettings.from_params(self.params)
        except ValueError as exc:
            self.fail_json(msg=str(exc))
        limiter = AdaptiveRateLimiter(settings.retry_policy.timeout) if paced else None
        return FC3Client(settings, on_retry=on_retry or self._warn_retry, pool_size=pool_size, rate_limiter=limiter)

    @property
    def client(self):
        """The FC3 client, built on first use."""
        if self._client is None:
            self._client = self.client_for()
        return self._client

    def _warn_retry(self, error, retry_number, delay):
        allowed = self.params['retries'] if error.max_retries is None else min(self.params['retries'], error.max_retries)
        self.warn('Retrying after %s (retry %d of at most %d, waiting %.1fs)' % (error, retry_number, allowed, delay))

    def fail_fc3_error(self, error, action=None, note=None, msg=None, **result):
        """Fail the task with an FC3Error; the message (``msg``, or one built from ``action`` and ``note``)
        says what was being done, why it failed and what that means for the resource. An error that is
        not the service's answer carries its traceback, returned as ``exception`` (shown at -vvv)."""
        if error.traceback:
            result['exception'] = error.traceback
        self.fail_json(msg=msg or failure_message(error, action, note), error=error.to_dict(), **result)
