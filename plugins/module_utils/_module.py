# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``FC3Module``: the ``AnsibleModule`` every module of the collection is, from its options to its end.

Owns what is the same in every module: the shared connection options (``_connection``), the SDK
check, masking secrets inside URL options, the client a task uses, and the one way a task ends
(``finish``: its warnings, then its result, or its failure with the error's traceback).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.alicloud.fc.plugins.module_utils._client import (
    HAS_SDK,
    SDK_IMPORT_ERROR,
    SDK_REQUIREMENT,
    FC3Client,
)
from ansible_collections.alicloud.fc.plugins.module_utils._connection import (
    URL_OPTIONS,
    ConnectionSettings,
    connection_argument_spec,
    url_secret,
)
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error, failure_message
from ansible_collections.alicloud.fc.plugins.module_utils._rate_limiter import AdaptiveRateLimiter
from ansible_collections.alicloud.fc.plugins.module_utils._retry import allowed_retries


class FC3Module(AnsibleModule):
    """An AnsibleModule with the shared connection options, the SDK check and FC3 error reporting."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(FC3Module, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_SDK:
            self.fail_json(msg=missing_required_lib(SDK_REQUIREMENT), exception=str(SDK_IMPORT_ERROR))
        self._client = None
        self._foreign_region_warned = False

    def _load_params(self):
        # The options the task set itself, before the environment fallbacks fill in the others: a profile
        # cannot stand beside a key pair given as options, but replaces one from the environment.
        super(FC3Module, self)._load_params()
        self._given_options = frozenset(self.params or ())

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
            settings = ConnectionSettings.from_params(self.params, given=getattr(self, '_given_options', None))
            limiter = AdaptiveRateLimiter(settings.retry_policy.timeout) if paced else None
            client = FC3Client(
                settings,
                on_retry=on_retry or self._warn_retry,
                pool_size=pool_size,
                rate_limiter=limiter,
                on_foreign_region=self._warn_foreign_region,
            )
        except ValueError as exc:
            self.fail_json(msg=str(exc))
        try:
            client.assume_role()
        except FC3Error as exc:
            error = exc
        else:
            return client
        # A refused AssumeRole fails the task before any Function Compute request, through the one way a task
        # ends, outside the except block; its message already leads with what to do.
        return self.finish(dict(changed=False, error=error.to_dict()), failure=error.message, error=error)

    @property
    def client(self):
        """The FC3 client, built on first use."""
        if self._client is None:
            self._client = self.client_for()
        return self._client

    def _warn_foreign_region(self, arn, endpoint):
        # Once per task, whatever the number of clients and answers.
        if self._foreign_region_warned:
            return
        self._foreign_region_warned = True
        self.warn(
            'The service at %s returned %s, an ARN of region %s, but region is %s: the endpoint and the region '
            'name different regions (a misconfigured endpoint or region?). ARNs this task returns or checks name '
            'the region of the endpoint.' % (endpoint, arn, arn.split(':')[2], self.params.get('region'))
        )

    def _warn_retry(self, error, retry_number, delay):
        self.warn(
            'Retrying after %s (retry %d of at most %d, waiting %.1fs)'
            % (error, retry_number, allowed_retries(self.params['retries'], error), delay)
        )

    def finish(self, result, warnings=(), failure=None, error=None):
        """End the task with ``result``, after its ``warnings``.

        ``failure``: the task failed, with this message. ``error`` is the FC3Error behind it: an error that
        is not the service's answer carries its traceback, returned as ``exception`` (shown at -vvv on
        ansible-core before 2.19; from 2.19 on with ``ANSIBLE_DISPLAY_TRACEBACK=error``).
        """
        for warning in warnings:
            if warning:
                self.warn(warning)
        if failure is None:
            self.exit_json(**result)
        if error is not None and error.traceback:
            result['exception'] = error.traceback
        self.fail_json(msg=failure, **result)

    def answer_or_fail(self, work, action):
        """What ``work()`` returns; when it raises an FC3Error, the task fails with it (``fail_fc3_error``)."""
        try:
            return work()
        except FC3Error as exc:
            error = exc
        # Failing outside the except block: inside it, ansible-core would add the handled error's traceback.
        return self.fail_fc3_error(error, action)

    def fail_fc3_error(self, error, action):
        """Fail a task that changed nothing with an FC3Error met while doing ``action`` (``read the config of
        ...``): the message says what was being done and why it failed, and ``error`` holds the API's answer.
        Call it outside an ``except`` block (``answer_or_fail`` does), or ansible-core adds the handled error's
        traceback."""
        self.finish(dict(changed=False, error=error.to_dict()), failure=failure_message(error, action), error=error)
