# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many function qualifiers reconciled in one task: the items, their defaults, purge and the worker threads.

Per item this is exactly the single-config flow (``_reconcile.ensure_present`` / ``ensure_absent``) with the
same validation (``_async_config.rules.input_errors``); what is added here, and owned here, is what only a
batch has: defaults, duplicate detection, ``purge``, bounded concurrency over one shared client, reading the
region's configs by the page when that costs fewer requests than one read per item (``page_budget``), one
write at a time per function, and the task's summary and message that counts and names the failed items.

A page only ever proves that an item needs no write (or what check mode predicts for a config it lists, or
which configs purge removes): an item whose config the pages do not hold is read as without pages, so that a
missing function, version or alias is found and named exactly as before, and a config that needs a write is
read again first, so that a change made since the page was read is neither undone nor misreported.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import (
    async_invoke_config_pages,
    list_async_invoke_configs,
)
from ansible_collections.alicloud.fc.plugins.module_utils._async_config import rules as config_rules
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import (
    LATEST,
    WRITABLE_FIELDS,
    changed_fields,
    desired_config,
    name_config,
    name_target,
    parse_function_arn,
    to_result,
)
from ansible_collections.alicloud.fc.plugins.module_utils._client import API_PAGE_SIZE
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
# Below this many per-item reads the task reads per item: the region's pages (unknown in number until read)
# could cost more requests than the items, and are read one after the other while items are read in parallel.
PAGING_MIN_READS = API_PAGE_SIZE
# The counts of ``summary``, in the order the one-line message gives them.
SUMMARY_KEYS = ('created', 'updated', 'deleted', 'unchanged', 'failed')


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


def per_item_reads(items):
    """What a no-op costs read without pages: one read per item."""
    return len(items)


def per_function_lists(items):
    """What purge costs read without pages: one list per function named."""
    return len(set(params['function_name'] for params in items))


def page_budget(reads_without_pages, min_reads=PAGING_MIN_READS):
    """How many ``ListAsyncInvokeConfigs`` pages (every function's configs, 100 a page) a task may read before it
    falls back to its ``reads_without_pages``: none below ``min_reads``, else half of them. A region holding
    fewer pages costs that many requests (a 1,000-item no-op in a region of 1,000 configs: 10); a larger one
    costs at most 1.5 times the reads without pages (the pages, then the items they did not hold)."""
    if reads_without_pages < min_reads:
        return 0
    return reads_without_pages // 2


class RegionPages:
    """What the region's pages said: ``by_function`` ``{function_name: {qualifier: config in the returned
    shape}}``, ``complete`` when the last page was read, ``unattributed`` when some config's ARN named no
    function qualifier, and ``requests``, the pages read."""

    def __init__(self):
        self.by_function = {}
        self.complete = False
        self.unattributed = False
        self.requests = 0

    def config(self, function_name, qualifier):
        """The config the pages hold for the function qualifier, or ``None`` (not listed, or not read)."""
        return self.by_function.get(function_name, {}).get(qualifier)


def read_region_pages(client, budget, page_size=API_PAGE_SIZE, wanted=None):
    """The region's configs, at most ``budget`` pages of ``page_size``, and no more once every ``(function,
    qualifier)`` of ``wanted`` (when given) was listed; ``None`` when the budget is 0 or a page could not be read
    (the task then reads as it would without pages: the same outcome, as many requests)."""
    if budget <= 0:
        return None
    pages = RegionPages()
    missing = set(wanted) if wanted is not None else None
    try:
        for configs, more in async_invoke_config_pages(client, page_size):
            pages.requests += 1
            for api_config in configs:
                name, qualifier = parse_function_arn(api_config.get('functionArn'))
                if name is None:
                    pages.unattributed = True
                    continue
                pages.by_function.setdefault(name, {})[qualifier] = to_result(api_config, name, qualifier)
                if missing is not None:
                    missing.discard((name, qualifier))
            if not more:
                pages.complete = True
                break
            if pages.requests >= budget or missing == set():
                break
    except FC3Error:
        return None
    return pages


class OneWritePerFunction:
    """The client with the writes to the configs of one function sent one at a time (a service may refuse
    concurrent updates of one function: FC 2.0 documents ``409 ConcurrentUpdateError``); the writes of
    different functions, and every read, still go in parallel."""

    WRITES = frozenset(('put_async_invoke_config', 'delete_async_invoke_config'))

    def __init__(self, client):
        self._client = client
        self._guard = threading.Lock()
        self._locks = {}

    def __getattr__(self, name):
        return getattr(self._client, name)

    def call(self, operation, *args, **kwargs):
        if operation not in self.WRITES:
            return self._client.call(operation, *args, **kwargs)
        with self._guard:
            lock = self._locks.setdefault(args[0], threading.Lock())
        with lock:
            return self._client.call(operation, *args, **kwargs)


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

    @property
    def summary(self):
        """``{created, updated, deleted, unchanged, failed}``: what the task did (check mode: would do)."""
        counts = dict((key, 0) for key in SUMMARY_KEYS)
        for result in self.all:
            counts[outcome_of(result)] += 1
        return counts

    def summary_line(self):
        """``3 created, 2 updated, 1 deleted, 994 unchanged, 0 failed``."""
        counts = self.summary
        return ', '.join('%d %s' % (counts[key], key) for key in SUMMARY_KEYS)

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


def outcome_of(result):
    """Which count of ``summary`` an item adds to; an item that failed is ``failed``, even when its write may
    have been applied."""
    if result.failed:
        return 'failed'
    if not result.changed:
        return 'unchanged'
    if result.state == 'absent':
        return 'deleted'
    return 'created' if result.before is None else 'updated'


def _label(index, item_count, result):
    """``configs[i] (function ..., qualifier ...)`` for an input item, or what purge removed."""
    if index < item_count:
        return 'configs[%d] (%s)' % (index, name_target(result.function_name, result.qualifier))
    return 'purge of ' + name_target(result.function_name, result.qualifier)


def reconcile_fleet(
    client,
    configs,
    defaults=None,
    purge=False,
    concurrency=DEFAULT_CONCURRENCY,
    check_mode=False,
    check_destinations=None,
    page_limit=None,
    page_size=API_PAGE_SIZE,
):
    """Reconcile every item of ``configs`` (validated with ``input_errors`` first) with at most
    ``concurrency`` requests in flight; returns a ``FleetResult``. Failures of single items are results.
    ``check_destinations``: see ``_reconcile.ensure_present``; its warnings are the task's. ``page_limit``: the
    most pages of ``page_size`` configs to read (``None``: ``page_budget``'s choice; 0: read per item)."""
    items = [item_params(item, defaults) for item in configs]
    warnings = []
    reads = per_function_lists(items) if purge else per_item_reads(items)
    # Purge needs every config of each named function: every page. Otherwise paging stops once each present item
    # was seen (an absent item the pages do not hold is read anyway: only that read tells whether its function is).
    to_find = None if purge else [_identity(params)[:2] for params in items if params['state'] == 'present']
    pages = read_region_pages(client, page_budget(reads) if page_limit is None else page_limit, page_size, to_find)
    writer = OneWritePerFunction(client)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        listed, paged, skipped = _purge_reads(pool, client, items, pages) if purge else ({}, set(), [])
        warnings.extend(skipped)

        def known_current(params):
            """The item's config as far as the reads so far tell (``UNREAD``: read it), or the FC3Error of
            its function's list."""
            function_name, qualifier, state = params['function_name'], params['qualifier'], params['state']
            current = UNREAD
            from_page = False
            if purge:
                found = listed[function_name]
                if isinstance(found, FC3Error):
                    return found
                current = found.get(qualifier)
                from_page = function_name in paged
                if current is None and check_mode and state == 'present':
                    # A predicted create must meet what the real run's write meets: the list cannot tell a
                    # missing version or alias from one without a config, and says nothing of the function's
                    # own path (its permissions, its throttling). The read the write would follow does.
                    current = UNREAD
            elif pages is not None and pages.config(function_name, qualifier) is not None:
                current, from_page = pages.config(function_name, qualifier), True
            if (
                from_page
                and not check_mode
                and state == 'present'
                and current is not None
                and changed_fields(current, desired_config(params))
            ):
                # A page proves a no-op; a write starts from a read of its own, as without pages.
                current = UNREAD
            return current

        def work(params, current):
            function_name, qualifier, state = params['function_name'], params['qualifier'], params['state']
            if isinstance(current, FC3Error):
                return _unlisted(current, function_name, qualifier, state)
            if state == 'absent':
                return ensure_absent(writer, function_name, qualifier, check_mode=check_mode, current=current)
            return ensure_present(
                writer,
                function_name,
                qualifier,
                desired_config(params),
                check_mode=check_mode,
                current=current,
                check_destinations=check_destinations,
            )

        def settled(params, current):
            """Whether the item's outcome is known without a request: no thread needed (a large no-op)."""
            if params['state'] == 'absent':
                return current is None
            return isinstance(current, dict) and not changed_fields(current, desired_config(params))

        futures = []
        for params in items:
            current = _guarded(lambda params=params: known_current(params), *_identity(params))
            if isinstance(current, ItemResult):
                futures.append(_done(current))
                continue
            run = (lambda params=params, current=current: work(params, current),) + _identity(params)
            futures.append(_done(_guarded(*run)) if settled(params, current) else pool.submit(_guarded, *run))
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
                        writer, name, qualifier, check_mode=check_mode, current=config
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
    if check_destinations is not None:
        warnings.extend(check_destinations.warnings)
    return FleetResult(results, purged, warnings)


def _purge_reads(pool, client, items, pages):
    """``(listed, paged, warnings)`` for purge: ``listed`` as ``_list_configs_by_function`` gives it, from the
    region's pages for each function they list (``paged``) when every page was read, else one list per function.
    A function the pages do not list is listed on its own: only that list tells a function without configs from
    one that does not exist, as purge did without pages."""
    names = sorted(set(params['function_name'] for params in items))
    if pages is None or not pages.complete or pages.unattributed:
        listed, skipped = _list_configs_by_function(pool, client, names)
        return listed, set(), skipped
    paged = set(name for name in names if name in pages.by_function)
    listed, skipped = _list_configs_by_function(pool, client, [name for name in names if name not in paged])
    listed.update((name, pages.by_function[name]) for name in paged)
    return listed, paged, skipped


def _identity(params):
    return params['function_name'], params['qualifier'], params['state']


def _done(result):
    """A finished future of ``result``, beside those of the pool."""
    future = Future()
    future.set_result(result)
    return future


def _unlisted(error, function_name, qualifier, state):
    """The result of an item whose function's configs could not be listed for purge. A function the service
    does not know has no config to remove (as a delete would find), and none can be written to it."""
    result = ItemResult(function_name, qualifier, state)
    if error.missing_target and state == 'absent':
        result.warnings.append(missing_target_warning(error, function_name))
        return result
    return result.fail(error, 'list ' + name_config(function_name))


def _list_configs_by_function(pool, client, names):
    """``({function_name: {qualifier: config in the returned shape} or the FC3Error of that list}, warnings)``,
    one list request per function of ``names``."""

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
