# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One request rate for every worker of a task, adapted to the service's throttling.

A batch task sends from many threads through one client. When each thread backs off on its own,
the others keep sending into a limit one of them has already met, and an item fails when its own
retries run out although the task as a whole is making progress. ``AdaptiveRateLimiter`` is shared
by all of them instead, with the scheme of botocore's ``adaptive`` retry mode:

- Until the first throttling answer nothing is paced: a task below the service's limit runs at full
  speed.
- From then on every request waits for a token of one bucket. A throttling answer cuts the bucket's
  rate to ``BETA`` times the rate that met the limit; answers that are not throttling raise it again
  along a CUBIC curve (``CubicRate``), quickly back to that rate, then carefully past it, so that the
  task settles just under the service's limit and follows it when it moves.
- Answers to requests sent before the last cut are the same congestion event and do not cut again
  (TCP's once per window); without this, eight requests in flight would cut the rate eight times.
- A wait the service asks for (``x-acs-retry-after``) holds back every worker, not only the one
  that got it.
- The task is stalled when no request of it has been answered other than with throttling or a
  retryable error for ``stall_timeout`` seconds (the retry time budget): ``acquire`` then answers
  ``None``, so that every waiting item fails promptly instead of each waiting a budget of its own.

Tokens are handed out in the order they were asked for, so a retried item waits its turn behind
the others rather than racing them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import threading
import time

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error

# The constants of botocore's adaptive mode (and of the CUBIC congestion control it is based on).
BETA = 0.7
SCALE = 0.4
# Below this the task would look hung; a limit lower still shows as a high throttled share.
MIN_RATE = 0.5
# Rates are measured over this sliding window (seconds); early in a task over the time since it began,
# but never less than MIN_MEASURE_SPAN, so that the first few requests do not read as a huge rate.
MEASURE_WINDOW = 1.0
MIN_MEASURE_SPAN = 0.25
# The climb back to the rate that met the limit spans at least this many requests. botocore's curve
# takes a time that shrinks with the rate (under a second at 1 request/s): at low rates every request
# would probe above the limit, and half of them would be throttled.
# ... within this many seconds, so that a rate cut to the floor does not take minutes to come back.
MIN_RECOVERY_REQUESTS = 20
MAX_RECOVERY_SECONDS = 10.0
TOKEN_EPSILON = 1e-9


class CubicRate:
    """The rate after a throttling answer and while answers succeed (CUBIC, RFC 8312 section 4.1).

    After a cut at time ``t0`` from rate ``w_max``, the rate at time ``t`` is
    ``w_max * (1 + (1 - beta) * ((t - t0) / k - 1) ** 3)``: it starts at ``beta * w_max``, climbs back
    fast, flattens near ``w_max`` (where the limit was met) and only then probes above. With
    ``k = cbrt(w_max * (1 - beta) / scale)`` this is exactly botocore's ``scale * (t - t0 - k) ** 3 +
    w_max``; ``k`` is made long enough for ``MIN_RECOVERY_REQUESTS`` requests at low rates.
    """

    def __init__(self, beta=BETA, scale=SCALE):
        self.beta = beta
        self.scale = scale
        self.w_max = 0.0
        self.k = 0.0
        self.last_cut = 0.0

    def cut(self, rate, now):
        """The new rate after a throttling answer at ``now`` for requests sent at ``rate``."""
        rate = max(rate, MIN_RATE)
        self.w_max = rate
        self.k = max(
            (rate * (1 - self.beta) / self.scale) ** (1.0 / 3), min(MIN_RECOVERY_REQUESTS / rate, MAX_RECOVERY_SECONDS)
        )
        self.last_cut = now
        return rate * self.beta

    def rate_at(self, now):
        return self.w_max * (1 + (1 - self.beta) * ((now - self.last_cut) / self.k - 1) ** 3)


class AdaptiveRateLimiter:
    """A token bucket shared by every worker of one task; see the module docstring.

    Workers call ``acquire()`` before each request (it answers the send time, or ``None`` when the
    task is stalled) and ``record(sent_at, error)`` with its outcome (``error`` ``None`` for success).
    ``clock`` and ``wait(condition, timeout)`` can be replaced for tests.
    """

    def __init__(self, stall_timeout, clock=time.monotonic, wait=None):
        self.stall_timeout = stall_timeout
        self._clock = clock
        self._wait = wait or (lambda condition, timeout: condition.wait(timeout))
        self._condition = threading.Condition()
        self._cubic = CubicRate()
        # None until the first throttling answer: nothing is paced before it.
        self.rate = None
        self._tokens = 0.0
        self._refilled_at = 0.0
        self._blocked_until = 0.0
        self._last_cut = None
        self._next_ticket = 0
        self._serving = 0
        self._abandoned = set()
        self._sends = collections.deque()
        self._answers = collections.deque()
        self._started = clock()
        self._last_progress = self._started
        self.sent = 0
        self.throttled = 0
        self.throttle_codes = set()
        self._first_throttle = None
        self._answered_after_first_throttle = 0
        self._last_answer = None
        self.last_error = None

    # ---------------------------------------------------------------- sending

    def acquire(self):
        """Wait for this worker's turn and a token; the send time, or ``None`` when the task is stalled."""
        with self._condition:
            ticket = self._next_ticket
            self._next_ticket += 1
            while True:
                now = self._clock()
                if self._is_stalled(now):
                    self._leave(ticket)
                    return None
                if ticket == self._serving:
                    delay = self._delay(now)
                    if delay <= 0:
                        if self.rate is not None:
                            self._tokens -= 1
                        self._note_send(now)
                        self._leave(ticket)
                        return now
                else:
                    delay = None
                until_stall = self._last_progress + self.stall_timeout - now
                self._wait(self._condition, until_stall if delay is None else min(delay, until_stall))

    def _leave(self, ticket):
        if ticket == self._serving:
            self._serving += 1
            while self._serving in self._abandoned:
                self._abandoned.discard(self._serving)
                self._serving += 1
        else:
            self._abandoned.add(ticket)
        self._condition.notify_all()

    def _refill(self, now):
        if self.rate is not None:
            self._tokens = min(1.0, self._tokens + (now - self._refilled_at) * self.rate)
        self._refilled_at = now

    def _delay(self, now):
        """Seconds until the next request may go: the service's wait, then a token."""
        self._refill(now)
        delay = self._blocked_until - now
        # A token short by rounding only is a whole one: a wait of 1e-17 s would never move a clock.
        if self.rate is not None and self._tokens < 1 - TOKEN_EPSILON:
            delay = max(delay, (1 - self._tokens) / self.rate)
        return delay

    def _note_send(self, now):
        self.sent += 1
        self._sends.append(now)
        self._measured_rate(self._sends, now)

    def _measured_rate(self, times, now):
        """Events per second in ``times`` (a deque, oldest first) over the last ``MEASURE_WINDOW``."""
        while times and times[0] < now - MEASURE_WINDOW:
            times.popleft()
        return len(times) / max(MIN_MEASURE_SPAN, min(MEASURE_WINDOW, now - self._started))

    def _set_rate(self, rate, now):
        self._refill(now)
        self.rate = max(MIN_RATE, rate)
        self._condition.notify_all()

    # ---------------------------------------------------------------- answers

    def record(self, sent_at, error=None):
        """The outcome of the request sent at ``sent_at``: ``None`` for success, else its ``FC3Error``."""
        with self._condition:
            now = self._clock()
            if error is not None and error.retry_after:
                self._blocked_until = max(self._blocked_until, now + min(error.retry_after, self.stall_timeout))
                self._condition.notify_all()
            if error is not None and error.throttled:
                self._on_throttle(sent_at, error, now)
            elif error is None or (error.status_code is not None and not error.retryable):
                # The service did the work or judged the request: the task is making progress.
                self._on_answer(now)
            if error is not None:
                self.last_error = error

    def _on_throttle(self, sent_at, error, now):
        self.throttled += 1
        self.throttle_codes.add(error.code or 'HTTP 429')
        if self._first_throttle is None:
            self._first_throttle = now
        if self._last_cut is not None and sent_at is not None and sent_at < self._last_cut:
            return
        measured = self._measured_rate(self._sends, now)
        if self.rate is None:
            # Unpaced until now, the workers sent far more than the limit: what the service let through in
            # the last window, if anything yet, is the better first guess (never above what was sent).
            let_through = self._measured_rate(self._answers, now)
            rate = min(measured, let_through) if let_through > 0 else measured
        else:
            rate = min(measured, self.rate)
        self._last_cut = now
        self._set_rate(self._cubic.cut(rate, now), now)

    def _on_answer(self, now):
        self._last_progress = now
        self._last_answer = now
        self._answers.append(now)
        self._measured_rate(self._answers, now)
        if self._first_throttle is not None:
            self._answered_after_first_throttle += 1
        if self.rate is not None:
            # Never far above what is really sent: the curve alone would run away while workers are busy.
            self._set_rate(min(self._cubic.rate_at(now), 2 * self._measured_rate(self._sends, now)), now)

    # ---------------------------------------------------------------- state

    def _is_stalled(self, now):
        return now - self._last_progress >= self.stall_timeout

    def not_sent_error(self):
        """The error of a request that was never sent because the task had stalled."""
        last = self.last_error
        cause = ' (the last answer: %s)' % last if last is not None else ''
        error = FC3Error(
            'Not sent: no request of this task got an answer other than throttling or a retryable '
            'error for %g seconds (retry_timeout), so the task stopped sending requests%s'
            % (self.stall_timeout, cause),
            code='NotAttempted',
        )
        error.attempts = 0
        # Nothing was sent, so nothing can have been applied.
        error.every_attempt_answered = True
        return error

    def settled_rate(self):
        """Requests per second the service answered since it first throttled the task, or ``None``."""
        with self._condition:
            if self._first_throttle is None or self._answered_after_first_throttle < 2:
                return self.rate
            span = self._last_answer - self._first_throttle
            return self._answered_after_first_throttle / span if span > 0 else self.rate

    def summary(self):
        """One warning for the whole task about throttling, or ``None`` when there was none."""
        if not self.throttled:
            return None
        codes = ', '.join(sorted(self.throttle_codes))
        return (
            'The service throttled %d of the %d requests this task sent (%s); every worker was held to one '
            'shared rate, which settled at about %.1f requests per second, and each throttled request was '
            'sent again in its turn.' % (self.throttled, self.sent, codes, self.settled_rate() or MIN_RATE)
        )
