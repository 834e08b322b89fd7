# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Function Compute destinations of the configs a task writes, looked up once each (``check_destinations``).

The service stores any destination ARN of the right form and drops the events later when its target does not
exist, so a misspelt function name would otherwise go unnoticed. Before a config is written (or predicted to
be, in check mode), each Function Compute function of the same region it names as a destination is looked up
with ``GetFunction``, once per task whatever the number of items naming it; what the lookup finds is a warning,
never a failure. Destinations of other services, and of other regions, are left to the service.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import function_destination
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import (
    name_target,
    normalize_destinations,
)
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._functions.api import get_function


class DestinationCheck:
    """Called with the ``destination_config`` (returned shape) of each config about to be written; keeps one
    warning per destination that names no function or one that does not exist, in ``warnings``. Safe to call
    from many threads; ``lookups`` counts the ``GetFunction`` requests."""

    def __init__(self, client, region):
        self._client = client
        self._region = region
        self._lock = threading.Lock()
        self._checked = set()
        self._found = {}
        self.lookups = 0
        self.warnings = []

    def __call__(self, destination_config):
        for side, target in sorted(normalize_destinations(destination_config).items()):
            self._check(side, target['destination'])

    def _check(self, side, arn):
        parsed = function_destination(arn)
        if parsed is None:
            return
        region, function_name, qualifier = parsed
        with self._lock:
            if arn in self._checked:
                return
            self._checked.add(arn)
            if function_name is None:
                self.warnings.append(
                    'The %s destination %s is a Function Compute ARN that names no function (the form is '
                    'acs:fc:REGION:ACCOUNT_ID:functions/NAME); the service may store it and drop the events '
                    'later.' % (side, arn)
                )
                return
            if region != self._region:
                return
            # One lookup per function qualifier, however many ARNs (accounts, forms) name it.
            key = (function_name, qualifier)
            if key not in self._found:
                self._found[key] = self._look_up(function_name, qualifier)
            problem = self._found[key]
            if problem:
                self.warnings.append('The %s destination %s: %s' % (side, arn, problem))

    def _look_up(self, function_name, qualifier):
        """``None`` when the function (qualifier) exists, else what is wrong, for a warning."""
        self.lookups += 1
        try:
            get_function(self._client, function_name, qualifier)
        except FC3Error as error:
            if error.missing_target:
                return (
                    'the service says %s does not exist (%s: %s). The service stores the destination anyway and '
                    'drops the events sent to it; check the name.'
                    % (name_target(function_name, qualifier), error.code, error.message)
                )
            return 'could not check that %s exists (%s); the config is written as given.' % (
                name_target(function_name, qualifier),
                error,
            )
        return None
