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
)
from ansible_collections.alicloud.fc.plugins.module_utils.retry import DEFAULT_RETRIES, DEFAULT_RETRY_TIMEOUT


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
        connect_timeout=dict(type='float', default=5.0),
        read_timeout=dict(type='float', default=10.0),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        retry_timeout=dict(type='float', default=DEFAULT_RETRY_TIMEOUT),
    )


class FC3Module(AnsibleModule):
    """An AnsibleModule with the shared connection options, the SDK check and FC3 error reporting."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(FC3Module, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_SDK:
            self.fail_json(msg=missing_required_lib(SDK_REQUIREMENT), exception=str(SDK_IMPORT_ERROR))
        self._client = None

    @property
    def client(self):
        """The FC3 client, built on first use. Bad connection options fail the task before any request."""
        if self._client is None:
            try:
                settings = ConnectionSettings.from_params(self.params)
            except ValueError as exc:
                self.fail_json(msg=str(exc))
            self._client = FC3Client(settings, on_retry=self._warn_retry)
        return self._client

    def _warn_retry(self, error, retry_number, delay):
        self.warn('Retrying after %s (retry %d of at most %d, waiting %.1fs)'
                  % (error, retry_number, self.params['retries'], delay))

    def fail_fc3_error(self, error, action, note=None, **result):
        """Fail the task with an FC3Error; the message says what was being done, why it failed and,
        with ``note``, what that means for the resource."""
        msg = 'Failed to %s: %s' % (action, error)
        if note:
            msg = '%s. %s' % (msg, note)
        self.fail_json(msg=msg, error=error.to_dict(), **result)
