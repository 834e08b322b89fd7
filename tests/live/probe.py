# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make probe``: ask the service each question the bundled emulator answers by convention, on throwaway
resources of this run's own, and write the answers to build/service-facts.json (the keys of the
interface's table, "Against the real service"), printing each beside the emulator's convention.

    FC_LIVE_TESTS=yes ALIBABA_CLOUD_REGION_ID=... ALIBABA_CLOUD_ACCESS_KEY_ID=... \
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=... python tests/live/probe.py [--out FILE]

The file is the report of a difference: ``fc3_emulator.py --facts FILE`` answers as the probed service
did. A question the service answers in an unexpected way (an error that is not the one asked about) is
written as null, with what happened printed. It creates two functions and one version (names starting
with ``fcprobe-<time>-<random>-``), about 40 requests, invokes nothing, and removes them all at the end,
also when interrupted (SIGINT, SIGTERM), listing anything it could not remove.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'emulator'))
sys.path.insert(0, HERE)

from fc3_emulator import SHIPPED_FACTS  # noqa: E402  pylint: disable=wrong-import-position
from fc_account import (  # noqa: E402  pylint: disable=wrong-import-position
    Account,
    Connection,
    Interrupted,
    interruptible,
    require_opt_in,
    run_prefix,
    shielded,
    status_of,
)

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'build', 'service-facts.json')
# ListAsyncInvokeConfigs pages read at most while looking for this run's configs in the region-wide list.
MAX_REGION_PAGES = 50


class Probe:
    """The questions, in the order they must be asked (a missing config before any config exists)."""

    def __init__(self, account, region, say):
        self.account = account
        self.region = region
        self.say = say
        self.f = account.prefix + 'f'
        self.g = account.prefix + 'g'
        self.g_arn = None
        self.version = None

    def refused(self, work):
        """(status, code) of the error ``work()`` raised, None when it succeeded."""
        try:
            work()
        except Exception as exc:  # pylint: disable=broad-except
            status, code = status_of(exc)
            if status is None:
                raise
            return status, code
        return None

    def missing_function_error(self):
        error = self.refused(lambda: self.account.get_config(self.account.prefix + 'missing'))
        return None if error is None else {'status': error[0], 'code': error[1]}

    def missing_config_error(self):
        error = self.refused(lambda: self.account.get_config(self.f))
        return None if error is None else {'status': error[0], 'code': error[1]}

    def new_config_defaults(self):
        # One field set, outside the three asked about: a destination (this run's other function).
        self.account.put_config(self.f, destinationConfig={'onFailure': {'destination': self.g_arn}})
        stored = self.account.get_config(self.f)
        return {
            'max_async_retry_attempts': stored.get('maxAsyncRetryAttempts'),
            'max_async_event_age_in_seconds': stored.get('maxAsyncEventAgeInSeconds'),
            'async_task': stored.get('asyncTask'),
        }

    def put_keeps_omitted_fields(self):
        self.account.put_config(self.f, maxAsyncRetryAttempts=1)
        self.account.put_config(self.f, maxAsyncEventAgeInSeconds=100)
        return self.account.get_config(self.f).get('maxAsyncRetryAttempts') == 1

    def empty_destination_side(self):
        error = self.refused(lambda: self.account.put_config(self.g, destinationConfig={'onSuccess': {}}))
        return 'accepted' if error is None else 'refused'

    def empty_account_arn(self):
        arn = 'acs:fc:%s::functions/%s' % (self.region, self.f)
        error = self.refused(
            lambda: self.account.put_config(self.g, destinationConfig={'onFailure': {'destination': arn}})
        )
        return 'accepted' if error is None else 'refused'

    def qualified_arn_form(self):
        self.account.wait_active(self.f)
        self.version = self.account.publish_version(self.f)
        self.account.put_config(self.f, qualifier=self.version, maxAsyncRetryAttempts=2)
        for config in self.account.list_configs(self.f).get('configs') or []:
            arn = config.get('functionArn') or ''
            if arn.endswith('/%s/%s' % (self.f, self.version)):
                return 'slash'
            if arn.endswith('/%s:%s' % (self.f, self.version)):
                return 'colon'
        self.say('  qualified_arn_form: no list item names version %s of %s' % (self.version, self.f))
        return None

    def list_limit_max(self):
        def accepts(limit):
            return self.refused(lambda: self.account.list_configs(self.f, limit=limit)) is None

        limit, refused = 1000, None
        while limit >= 1 and not accepts(limit):
            refused, limit = limit, limit // 2
        if limit < 1:
            return None
        if refused is None:
            return limit
        low, high = limit, refused  # low accepted, high refused
        while high - low > 1:
            middle = (low + high) // 2
            if accepts(middle):
                low = middle
            else:
                high = middle
        return low

    def region_wide_list(self):
        """Whether the list without functionName holds this run's config. It reads the region's list (the one
        question that must): every item that is not this run's is dropped unread, nothing of it is kept or shown."""
        m = self.account.models
        token = None
        for dummy in range(MAX_REGION_PAGES):
            request = m.ListAsyncInvokeConfigsRequest(limit=100, next_token=token)
            try:
                page = self.account.call('list_async_invoke_configs', request).body.to_map()
            except Exception as exc:  # pylint: disable=broad-except
                if status_of(exc)[0] is None:
                    raise
                return False
            if any(_names(c, self.f) for c in page.get('configs') or []):
                return True
            token = page.get('nextToken')
            if not token:
                return False
        self.say('  region_wide_list: not found in %d pages; not answered' % MAX_REGION_PAGES)
        return None

    def delete_status(self):
        return self.account.delete_config(self.f, qualifier=self.version).status_code

    def run(self):
        self.account.create_function(self.f)
        self.g_arn = self.account.create_function(self.g)['functionArn']
        facts = {}
        for key in (
            'missing_function_error',
            'missing_config_error',
            'new_config_defaults',
            'put_keeps_omitted_fields',
            'empty_destination_side',
            'empty_account_arn',
            'qualified_arn_form',
            'list_limit_max',
            'region_wide_list',
            'delete_status',
        ):
            try:
                facts[key] = getattr(self, key)()
            except Interrupted:
                raise
            except Exception as exc:  # pylint: disable=broad-except
                self.say('  %s: not answered: %s' % (key, str(exc).splitlines()[0][:300]))
                facts[key] = None
        return facts


def _names(config, name):
    tail = (config.get('functionArn') or '').rsplit('functions/', 1)[-1]
    return tail == name or tail.startswith((name + '/', name + ':'))


def _show(value):
    """A table cell: an error as "STATUS CODE", the defaults as "retries R, age A, async_task T", else JSON."""
    if isinstance(value, dict) and set(value) == {'status', 'code'}:
        return '%s %s' % (value['status'], value['code'])
    if isinstance(value, dict):
        return 'retries %s, age %s, async_task %s' % tuple(
            json.dumps(value.get(key))
            for key in ('max_async_retry_attempts', 'max_async_event_age_in_seconds', 'async_task')
        )
    return json.dumps(value)


def table(facts):
    """The answers beside the emulator's conventions, one line per key."""
    rows = [('key', 'service', 'emulator', '')]
    for key in SHIPPED_FACTS:
        value = facts.get(key)
        mark = 'same' if value == SHIPPED_FACTS[key] else 'unknown' if value is None else 'DIFFERS'
        rows.append((key, _show(value), _show(SHIPPED_FACTS[key]), mark))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return '\n'.join(
        '%s  %s  %s  %s' % (r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), r[3]) for r in rows
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument(
        '--out', default=DEFAULT_OUT, help='where to write the facts (default build/service-facts.json)'
    )
    args = parser.parse_args(argv)
    require_opt_in('make probe')
    connection = Connection()

    def say(text):
        print(text, flush=True)

    client = connection.sdk_client()
    account = Account(client, run_prefix('fcprobe'), say)
    say(
        'make probe: %s. Creates 2 functions (%s, %s MB, never invoked) and 1 version, names starting with %s; '
        'about 40 requests; removes them all at the end.'
        % (connection.describe(client), 'python3.10', 128, account.prefix)
    )
    facts, interrupted, left = None, None, []
    try:
        with interruptible():
            facts = Probe(account, connection.region, say).run()
    except Interrupted as exc:
        interrupted = exc
    finally:
        with shielded(say):
            left = account.cleanup()
    if facts is not None:
        facts['about'] = {
            'region': connection.region,
            'probed_at': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
            'requests': account.requests,
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w', encoding='utf-8') as handle:
            json.dump(facts, handle, indent=2, sort_keys=True)
            handle.write('\n')
        say(table(facts))
        say(
            'Wrote %s (%d requests). Start the emulator with --facts %s to answer as this service did.'
            % (args.out, account.requests, args.out)
        )
    if interrupted is not None:
        say('Interrupted (%s): no facts written.' % interrupted)
    if left:
        say('Could not remove:\n' + '\n'.join('  ' + item for item in left))
    else:
        say('Removed everything this run created (prefix %s).' % account.prefix)
    return 1 if (left or interrupted is not None) else 0


if __name__ == '__main__':
    sys.exit(main())
