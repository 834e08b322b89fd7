# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many function qualifiers reconciled in one task: the items, their defaults, purge and the worker threads.

Per item this is exactly the single-config flow (``_reconcile.ensure_present`` / ``ensure_absent``) with the
same validation (``_async_config.rules.input_errors``); what is added here, and owned here, is what only a
batch has: defaults, duplicate detection, ``purge``, bounded concurrency over one shared client, and the
task's message that counts and names the failed items.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import list_async_invoke_configs
from ansible_collections.alicloud.fc.plugins.module_utils._async_config import rules as config_rules
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import (
    LATEST,
    WRITABLE_FIELDS,
    desired_config,
    name_config,
    name_target,
    parse_function_arn,
    to_result,
)
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error, error_from_exception
from ansible_collections.alicloud.fc.plugins.module_utils._reconcile import (
    UNREAD,
    ItemResult,
    ensure_absent,
    ensure_present,
    missing_target_warning,
)

MIN_CONCURRENCY = 1
MAX_CONCURRENCY = 64
DEFAULT_CONCURRENCY = 8
# How many failed items the task's message names; ``results`` has them all.
FAILURES_NAMED = 3


def item_params(item, defaults):
    """One item's parameters with ``defaults`` filling the settings it leaves out. An item's
    ``destination_config`` (``{}`` included) replaces the default one whole."""
    params = dict(item)
    params['qualifier'] = item.get('qualifier') or LATEST
    params['state'] = item.get('state') or 'present'
    for field in WRITABLE_FIELDS:
        if params.get(field) is None and (defaults or {}).get(field) is not None:
            params[field] = defaults[field]
    return params


def input_errors(configs, defaults, concurrency):
    """Everything wrong with the task's input, each message naming the item (or option) and the rule."""
    problems = config_rules.settings_errors(defaults or {}, prefix='defaults.')
    if not MIN_CONCURRENCY <= concurrency <= MAX_CONCURRENCY:
        problems.append(
            'concurrency must be between %d and %d; got %d' % (MIN_CONCURRENCY, MAX_CONCURRENCY, concurrency)
        )
    first_index = {}
    for index, item in enumerate(configs):
        params = item_params(item, {})
        problems.extend(config_rules.input_errors(params, prefix='configs[%d].' % index))
        key = (params['function_name'], params['qualifier'])
        if key in first_index:
            problems.append(
                'configs[%d] repeats %s of configs[%d]; each function qualifier may be listed once'
                % (index, name_target(*key), first_index[key])
            )
        else:
            first_index[key] = index
    return problems


class RetryCounter:
    """Counts retried requests by error code across worker threads, for one warning instead of thousands."""

    def __init__(self):
        self._lock = threading.Lock()
        self.by_code = {}

    def __call__(self, error, retry_number, delay):
        with self._lock:
            code = error.code or 'Error'
            self.by_code[code] = self.by_code.get(code, 0) + 1

    def summary(self):
        if not self.by_code:
            return None
        counts = ', '.join('%d after %s' % (count, code) for code, count in sorted(self.by_code.items()))
        return 'Requests were retried: %s.' % counts


def _guarded(work, function_name, qualifier, state):
    """Run one item's work; a bug or an unexpected exception fails that item only, with its traceback."""
    try:
        return work()
    except Exception as exc:  # pylint: disable=broad-except
        error = error_from_exception(exc)
        return ItemResult(function_name, qualifier, state).fail(
            error, 'reconcile ' + name_config(function_name, qualifier)
        )


class FleetResult:
    """``items``: one ItemResult per input item, in input order; ``purged``: one per config removed by purge."""

    def __init__(self, items, purged, warnings):
        self.items = items
        self.purged = purged
        self.warnings = warnings

    @property
    def all(self):
        return self.items + self.purged

    @property
    def changed(self):
        return any(result.changed for result in self.all)

    @property
    def failures(self):
        return [(index, result) for index, result in enumerate(self.all) if result.failed]

    def failure_message(self):
        failures = self.failures
        if not failures:
            return None
        total = len(self.all)
        named = '; '.join(
            _label(index, len(self.items), result) + ': ' + result.msg for index, result in failures[:FAILURES_NAMED]
        )
        more = (
            ' (and %d more; see results)' % (len(failures) - FAILURES_NAMED) if len(failures) > FAILURES_NAMED else ''
        )
        if len(failures) == total:
            head = 'All %d items failed.' % total
        else:
            head = '%d of %d items failed (the other %d succeeded).' % (len(failures), total, total - len(failures))
        return '%s %s%s' % (head, named, more)


def _label(index, item_count, result):
    """``configs[i] (function ..., qualifier ...)`` for an input item, or what purge removed."""
    if index < item_count:
        return 'configs[%d] (%s)' % (index, name_target(result.function_name, result.qualifier))
    return 'purge of ' + name_target(result.function_name, result.qualifier)


def reconcile_fleet(
    client, configs, defaults=None, purge=False, concurrency=DEFAULT_CONCURRENCY, check_mode=False, diff=False
):
    """Reconcile every item of ``configs`` (validated with ``input_errors`` first) with at most
    ``concurrency`` requests in flight; returns a ``FleetResult``. Failures of single items are results."""
    items = [item_params(item, defaults) for item in configs]
    warnings = []
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        listed, skipped = _list_configs_by_function(pool, client, items) if purge else ({}, [])
        warnings.extend(skipped)

        def work(params):
            function_name, qualifier, state = params['function_name'], params['qualifier'], params['state']
            current = UNREAD
            if purge:
                found = listed[function_name]
                if isinstance(found, FC3Error):
                    return _unlisted(found, function_name, qualifier, state)
                current = found.get(qualifier)
                if current is None and check_mode and state == 'present':
                    # A predicted create must meet what the real run's write meets: the list cannot tell a
                    # missing version or alias from one without a config, and says nothing of the function's
                    # own path (its permissions, its throttling). The read the write would follow does.
                    current = UNREAD
            if state == 'absent':
                return ensure_absent(
                    client, function_name, qualifier, check_mode=check_mode, read_first=diff, current=current
                )
            return ensure_present(
                client, function_name, qualifier, desired_config(params), check_mode=check_mode, current=current
            )

        futures = [
            pool.submit(
                _guarded,
                lambda params=params: work(params),
                params['function_name'],
                params['qualifier'],
                params['state'],
            )
            for params in items
        ]
        results = [future.result() for future in futures]

        purged = []
        if purge:
            wanted = set((params['function_name'], params['qualifier']) for params in items)
            extra = [
                (name, qualifier, config)
                for name, found in sorted(listed.items())
                if isinstance(found, dict)
                for qualifier, config in sorted(found.items())
                if (name, qualifier) not in wanted
            ]
            futures = [
                pool.submit(
                    _guarded,
                    lambda name=name, qualifier=qualifier, config=config: ensure_absent(
                        client, name, qualifier, check_mode=check_mode, current=config
                    ),
                    name,
                    qualifier,
                    'absent',
                )
                for name, qualifier, config in extra
            ]
            purged = [future.result() for future in futures]

    for index, result in enumerate(results):
        warnings.extend('%s: %s' % (_label(index, len(results), result), warning) for warning in result.warnings)
    for result in purged:
        warnings.extend(result.warnings)
    return FleetResult(results, purged, warnings)


def _unlisted(error, function_name, qualifier, state):
    """The result of an item whose function's configs could not be listed for purge. A function the service
    does not know has no config to remove (as a delete would find), and none can be written to it."""
    result = ItemResult(function_name, qualifier, state)
    if error.missing_target and state == 'absent':
        result.warnings.append(missing_target_warning(error, function_name))
        return result
    return result.fail(error, 'list ' + name_config(function_name))


def _list_configs_by_function(pool, client, items):
    """``({function_name: {qualifier: config in the returned shape} or the FC3Error of that list}, warnings)``,
    one list request per function named by the items."""
    names = sorted(set(params['function_name'] for params in items))

    def configs_of(name):
        try:
            return list_async_invoke_configs(client, name)
        except FC3Error as error:
            return error

    listed = {}
    skipped = []
    for name, found in zip(names, pool.map(configs_of, names)):
        if isinstance(found, FC3Error):
            listed[name] = found
            continue
        listed[name] = {}
        for api_config in found:
            arn_name, qualifier = parse_function_arn(api_config.get('functionArn'))
            if arn_name != name:
                # Without a readable function ARN the qualifier is unknown: never guess what to delete.
                skipped.append(
                    "A config listed for function '%s' has the ARN %r, which names no qualifier of it; "
                    "purge left it alone." % (name, api_config.get('functionArn'))
                )
                continue
            listed[name][qualifier] = to_result(api_config, name, qualifier)
    return listed, skipped
