# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read -> compare -> write flow for one function qualifier, shared by every module that writes.

Owns ``ensure_present`` / ``ensure_absent`` and ``ItemResult``, the outcome of one item in the shape
every writing module returns it.

Both take a client (``_client.FC3Client``) and plain values, never raise ``FC3Error`` and return an
``ItemResult`` that tells the truth about what happened, including when it is not known: a write whose
answer was lost is settled with one more read, and what cannot be settled is reported as "may have
been applied" with ``changed`` true, never as "nothing changed".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import (
    ABSENT,
    MAYBE_DELETED,
    delete_async_invoke_config,
    get_async_invoke_config,
    put_async_invoke_config,
)
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import (
    changed_fields,
    merge_config,
    name_config,
    name_target,
    predict_result,
    put_body,
    to_result,
)
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error, failure_message

# Passed as ``current`` when the caller has not read the config (the flow then reads it itself).
UNREAD = object()

REFUSED_NOTE = 'The service refused the %s, so the config is as it was.'
UNKNOWN_NOTE = (
    'An attempt got no answer and a read afterwards could not confirm the outcome, so the %s '
    'may have been applied; read the config to see.'
)


def missing_target_warning(error, function_name, qualifier=None):
    """What to tell a user whose function, version or alias the service does not know: a typo would
    otherwise look exactly like "no config"."""
    return 'The service says %s does not exist (%s: %s), so there is no async invoke config; check the name.' % (
        name_target(function_name, qualifier),
        error.code,
        error.message,
    )


class ItemResult:
    """The outcome for one function qualifier.

    ``before`` is the config before the task in the returned shape (``None``: none, or not read);
    ``after`` the config after it (``{}``: none; ``None``: not known, after a failure).
    """

    def __init__(self, function_name, qualifier, state):
        self.function_name = function_name
        self.qualifier = qualifier
        self.state = state
        self.changed = False
        self.before = None
        self.after = {}
        self.warnings = []
        self.error = None
        self.msg = None

    @property
    def failed(self):
        return self.error is not None

    def fail(self, error, action, note=None):
        self.error = error
        self.msg = failure_message(error, action, note)
        return self

    def diff(self):
        return {'before': self.before or {}, 'after': self.after or {}}

    def outcome(self, diff=False):
        """What a module returns of this item: ``changed``, the config after (when known), the error of a
        failure and, in diff mode, the diff."""
        data = {'changed': self.changed}
        if self.after is not None:
            data['async_invoke_config'] = self.after
        if self.failed:
            data['error'] = self.error.to_dict()
        if diff:
            data['diff'] = self.diff()
        return data

    def as_dict(self, diff=False):
        """The item as one of a batch task's ``results``: which config, its outcome, and whether it failed and why."""
        data = {'function_name': self.function_name, 'qualifier': self.qualifier, 'state': self.state}
        data.update(self.outcome(diff))
        if self.failed:
            data.update(failed=True, msg=self.msg)
        return data


def _read(client, function_name, qualifier):
    """The config in the returned shape, or ``None``; raises FC3Error."""
    api_config = get_async_invoke_config(client, function_name, qualifier)
    return to_result(api_config, function_name, qualifier) if api_config is not None else None


def ensure_present(
    client, function_name, qualifier, desired, check_mode=False, current=UNREAD, check_destinations=None
):
    """Make the config hold ``desired`` (writable settings in the returned shape; a setting left out keeps
    its value). ``current``: the config already read by the caller (``None`` for none), saving the read.
    ``check_destinations``: called with the destinations about to be written (``_destinations.DestinationCheck``),
    in check mode too, so that both warn alike."""
    result = ItemResult(function_name, qualifier, 'present')
    what = name_config(function_name, qualifier)
    if current is UNREAD:
        try:
            current = _read(client, function_name, qualifier)
        except FC3Error as error:
            result.after = None
            return result.fail(error, 'read ' + what)
    result.before = current
    result.after = current or {}
    if current is not None and not changed_fields(current, desired):
        return result
    merged = merge_config(current, desired)
    result.changed = True
    if check_destinations is not None and 'destination_config' in desired:
        check_destinations(desired['destination_config'])
    if check_mode:
        result.after = predict_result(current, merged, function_name, qualifier)
        return result
    action = ('update ' if current is not None else 'create ') + what
    try:
        stored = put_async_invoke_config(client, function_name, qualifier, put_body(merged))
    except FC3Error as error:
        if error.every_attempt_answered:
            result.changed = False
            return result.fail(error, action, REFUSED_NOTE % 'write')
        return _settle_lost_write(client, result, error, action, desired)
    result.after = to_result(stored, function_name, qualifier)
    mismatched = changed_fields(result.after, desired)
    if mismatched:
        result.warnings.append(
            'The service answered the write with a config that differs from the one requested '
            'in: %s' % ', '.join(mismatched)
        )
    return result


def _settle_lost_write(client, result, error, action, desired):
    """An attempt of the write got no answer: one read tells whether the write is in place."""
    try:
        now = _read(client, result.function_name, result.qualifier)
    except FC3Error:
        now = UNREAD
    if now not in (UNREAD, None) and not changed_fields(now, desired):
        result.after = now
        result.warnings.append(
            'The answer to the write to %s was lost (%s); a read afterwards shows the config as '
            'requested.' % (name_config(result.function_name, result.qualifier), error)
        )
        return result
    result.after = None if now is UNREAD else (now or {})
    return result.fail(error, action, UNKNOWN_NOTE % 'write')


def ensure_absent(client, function_name, qualifier, check_mode=False, current=UNREAD):
    """Remove the config. It is read first unless the caller passes the ``current`` config it read (``None``
    for none), so that a config that is not there costs no write: a converged run sends no delete."""
    result = ItemResult(function_name, qualifier, 'absent')
    what = name_config(function_name, qualifier)
    if current is UNREAD:
        try:
            current = _read(client, function_name, qualifier)
        except FC3Error as error:
            if not error.missing_target:
                result.after = None
                return result.fail(error, 'read ' + what)
            result.warnings.append(missing_target_warning(error, function_name, qualifier))
            current = None
    if current is None:
        return result
    result.before = current
    result.changed = True
    if check_mode:
        return result
    try:
        outcome = delete_async_invoke_config(client, function_name, qualifier)
    except FC3Error as error:
        if error.missing_target and error.every_attempt_answered:
            result.changed = False
            result.warnings.append(missing_target_warning(error, function_name, qualifier))
            return result
        if error.every_attempt_answered:
            result.changed = False
            result.after = None
            return result.fail(error, 'delete ' + what, REFUSED_NOTE % 'delete')
        return _settle_lost_delete(client, result, error, 'delete ' + what)
    if outcome == ABSENT:
        # Removed by someone else since it was read: the service's own answer is that there is none.
        result.changed = False
        result.before = None
    elif outcome == MAYBE_DELETED:
        result.warnings.append(
            'An attempt to delete %s got no answer and the next one found no config: this task '
            'most likely deleted it.' % what
        )
    return result


def _settle_lost_delete(client, result, error, action):
    try:
        now = _read(client, result.function_name, result.qualifier)
    except FC3Error as read_error:
        now = None if read_error.missing_target else UNREAD
    if now is None:
        result.warnings.append(
            'The answer to the delete of %s was lost (%s); a read afterwards shows no config.'
            % (name_config(result.function_name, result.qualifier), error)
        )
        return result
    result.after = None if now is UNREAD else now
    return result.fail(error, action, UNKNOWN_NOTE % 'delete')
