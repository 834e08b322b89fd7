# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bounded retries with exponential backoff and jitter.

The SDK never retries unless configured, and its own retry options are per client and cannot
bound the total time. The collection retries here instead, so that a task that keeps meeting
throttling, 5xx or connection errors ends within ``retry_timeout`` seconds, however the
individual attempts fail. Only errors marked ``retryable`` are retried: a 4xx client error is
final on the first answer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error

DEFAULT_RETRIES = 5
DEFAULT_RETRY_TIMEOUT = 50.0
DEFAULT_BASE_DELAY = 0.5
DEFAULT_MAX_DELAY = 8.0


def allowed_retries(retries, error):
    """How many retries ``error`` allows under a policy of ``retries``: fewer when the error itself limits them."""
    return retries if error.max_retries is None else min(retries, error.max_retries)


class RetryPolicy:
    """How often and for how long one API call may be retried."""

    def __init__(
        self,
        retries=DEFAULT_RETRIES,
        timeout=DEFAULT_RETRY_TIMEOUT,
        base_delay=DEFAULT_BASE_DELAY,
        max_delay=DEFAULT_MAX_DELAY,
    ):
        self.retries = retries
        self.timeout = timeout
        self.base_delay = base_delay
        self.max_delay = max_delay

    def backoff(self, retry_number, retry_after=None, rand=random.random):
        """Seconds to wait before retry ``retry_number`` (0 for the first retry).

        Exponential growth capped at ``max_delay``, with "equal jitter": half of the step is fixed,
        half random, so that parallel tasks spread out yet every wait still grows. A wait the
        service asked for wins when it is longer, within the same cap.
        """
        step = min(self.max_delay, self.base_delay * (2**retry_number))
        delay = step / 2.0 + rand() * step / 2.0
        if retry_after:
            delay = max(delay, min(retry_after, self.max_delay))
        return delay


def call_with_retries(
    attempt, policy, on_retry=None, clock=time.monotonic, sleep=time.sleep, limiter=None, idempotent=True
):
    """Run ``attempt(remaining_seconds)`` until it succeeds or retrying is not allowed.

    ``attempt`` raises ``FC3Error``; the error that ends the loop is raised with ``attempts`` set.
    ``on_retry(error, retry_number, delay)`` is called before each wait.

    With a shared ``limiter`` (``rate_limiter.AdaptiveRateLimiter``, one per batch task) every attempt
    first waits for its turn, and a throttling answer is neither counted against ``policy.retries``
    nor backed off here: the limiter has slowed every worker down, and the request is sent again in
    its turn for as long as the task makes progress. Waiting for the limiter does not use up this
    request's own ``policy.timeout`` (neither do throttled attempts), which still bounds every other
    retryable error.

    A call that is not ``idempotent`` is sent again only after an answer of the service that refused it
    unprocessed (throttling): after any other failure it may have been applied, and a second attempt
    could apply it twice.
    """
    started = clock()
    waited = 0.0
    retries_done = 0
    attempts = 0
    every_attempt_answered = True
    last_error = None
    while True:
        sent_at = None
        if limiter is not None:
            before = clock()
            sent_at = limiter.acquire()
            waited += clock() - before
            if sent_at is None:
                raise last_error if last_error is not None else limiter.not_sent_error()
        sending = clock()
        remaining = policy.timeout - (sending - started - waited)
        try:
            result = attempt(remaining)
        except FC3Error as error:
            attempts += 1
            error.attempts = attempts
            every_attempt_answered = every_attempt_answered and error.answered
            error.every_attempt_answered = every_attempt_answered
            last_error = error
            if limiter is not None:
                limiter.record(sent_at, error)
                if error.throttled:
                    waited += clock() - sending
                    continue
            refused_unprocessed = error.answered and error.throttled
            if (
                not error.retryable
                or retries_done >= allowed_retries(policy.retries, error)
                or not (idempotent or refused_unprocessed)
            ):
                raise
            delay = policy.backoff(retries_done, error.retry_after)
            if clock() - started - waited + delay >= policy.timeout:
                raise
            retries_done += 1
            if on_retry is not None:
                on_retry(error, retries_done, delay)
            sleep(delay)
        else:
            if limiter is not None:
                limiter.record(sent_at)
            return result
