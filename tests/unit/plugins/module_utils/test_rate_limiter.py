# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared adaptive rate of a batch task (_rate_limiter.py), on a fake clock, plus one run
with real threads for the order and spacing of what they send."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._rate_limiter import (
    BETA,
    MIN_RATE,
    AdaptiveRateLimiter,
    CubicRate,
)


class FakeTime:
    """A clock that only moves when the limiter waits (or the test says so)."""

    def __init__(self):
        self.now = 100.0
        self.waits = []

    def clock(self):
        return self.now

    def wait(self, condition, timeout):
        self.waits.append(timeout)
        self.now += timeout


def limiter_on(fake, stall_timeout=50.0):
    return AdaptiveRateLimiter(stall_timeout, clock=fake.clock, wait=fake.wait)


def throttle(code='TooManyRequests', retry_after=None):
    return FC3Error('slow down', code=code, status_code=429, retryable=True, retry_after=retry_after)


def server_error():
    return FC3Error('down', code='ServiceUnavailable', status_code=503, retryable=True)


def not_found():
    return FC3Error('no such function', code='FunctionNotFound', status_code=404)


def send(limiter, fake, count, spacing=0.0, answered=False):
    """``count`` acquires, ``spacing`` seconds of work apart (each answered with success if ``answered``);
    the send times."""
    times = []
    for dummy in range(count):
        times.append(limiter.acquire())
        fake.now += spacing
        if answered:
            limiter.record(times[-1])
    return times


def test_cubic_starts_at_beta_returns_to_the_rate_that_met_the_limit_then_probes_above():
    cubic = CubicRate()
    assert cubic.cut(10.0, 50.0) == pytest.approx(10.0 * BETA)
    assert cubic.rate_at(50.0) == pytest.approx(10.0 * BETA)
    assert cubic.rate_at(50.0 + cubic.k) == pytest.approx(10.0)
    assert cubic.rate_at(50.0 + cubic.k / 2) < 10.0 < cubic.rate_at(50.0 + 2 * cubic.k)
    # Flat near the old rate: half the way from K takes it less far than the first half did.
    assert 10.0 - cubic.rate_at(50.0 + cubic.k / 2) < cubic.rate_at(50.0 + cubic.k / 2) - 10.0 * BETA


def test_at_low_rates_the_climb_back_spans_many_requests():
    cubic = CubicRate()
    cubic.cut(4.0, 0.0)
    assert cubic.k == pytest.approx(5.0)  # 20 requests at 4 per second
    assert cubic.rate_at(4.0) < 4.0
    cubic.cut(1.0, 0.0)
    assert cubic.k == pytest.approx(10.0)  # but never longer than 10 s
    # botocore's own curve where it is long enough already
    cubic.cut(100.0, 0.0)
    assert cubic.k == pytest.approx((100.0 * (1 - BETA) / 0.4) ** (1.0 / 3))


def test_nothing_is_paced_before_the_first_throttling_answer():
    fake = FakeTime()
    limiter = limiter_on(fake)
    times = send(limiter, fake, 500)
    assert times == [100.0] * 500 and fake.waits == []
    for sent in times:
        limiter.record(sent)
    assert limiter.rate is None and limiter.summary() is None


def test_a_throttling_answer_paces_every_request_below_the_rate_that_met_the_limit():
    fake = FakeTime()
    limiter = limiter_on(fake)
    send(limiter, fake, 20, spacing=0.05, answered=True)  # 20 requests per second for a second
    limiter.record(limiter.acquire(), throttle())
    assert limiter.rate == pytest.approx(20 * BETA, rel=0.1)
    later = send(limiter, fake, 10)
    gaps = [b - a for a, b in zip(later, later[1:])]
    assert all(gap == pytest.approx(1 / limiter.rate) for gap in gaps)


def test_the_first_cut_starts_from_what_the_service_let_through_not_from_what_was_sent():
    fake = FakeTime()
    limiter = limiter_on(fake)
    sent = send(limiter, fake, 40, spacing=0.025)  # 40 per second sent unpaced, 5 of them answered
    for sent_at in sent[:5]:
        limiter.record(sent_at)
    limiter.record(sent[5], throttle())
    assert limiter.rate == pytest.approx(5 * BETA)


def test_answers_to_requests_sent_before_a_cut_do_not_cut_again():
    fake = FakeTime()
    limiter = limiter_on(fake)
    send(limiter, fake, 20, spacing=0.025, answered=True)
    in_flight = send(limiter, fake, 20, spacing=0.025)
    limiter.record(in_flight[-1], throttle())
    after_one_cut = limiter.rate
    for sent in in_flight[:-1]:
        limiter.record(sent, throttle())
    assert limiter.rate == after_one_cut and limiter.throttled == 20
    sent_after = limiter.acquire()
    limiter.record(sent_after, throttle())
    assert limiter.rate == pytest.approx(max(MIN_RATE, after_one_cut * BETA))


def test_successes_raise_the_rate_again_but_never_far_above_what_is_sent():
    fake = FakeTime()
    limiter = limiter_on(fake)
    send(limiter, fake, 10, spacing=0.1, answered=True)
    limiter.record(limiter.acquire(), throttle())
    cut_to = limiter.rate
    rates = []
    for dummy in range(60):
        sent = limiter.acquire()
        fake.now += 0.01
        limiter.record(sent)
        rates.append(limiter.rate)
    assert rates[-1] > cut_to
    # What is measured being sent caps the rate: an idle task does not run its rate up unseen.
    fake.now += 30
    sent = limiter.acquire()
    limiter.record(sent)
    assert limiter.rate <= max(MIN_RATE, 2 * 1.0)


def test_the_rate_never_goes_below_the_floor():
    fake = FakeTime()
    limiter = limiter_on(fake, stall_timeout=1000)
    for dummy in range(40):
        limiter.record(limiter.acquire(), throttle())
    assert limiter.rate == MIN_RATE


def test_a_wait_the_service_asks_for_holds_back_every_worker():
    fake = FakeTime()
    limiter = limiter_on(fake)
    limiter.record(
        limiter.acquire(), FC3Error('busy', code='ServiceUnavailable', status_code=503, retryable=True, retry_after=2.0)
    )
    sent = limiter.acquire()
    assert sent == pytest.approx(102.0)
    limiter.record(sent)


def test_a_wait_longer_than_the_budget_ends_the_task_at_the_budget():
    fake = FakeTime()
    limiter = limiter_on(fake, stall_timeout=3.0)
    limiter.record(limiter.acquire(), throttle(retry_after=30.0))
    assert limiter.acquire() is None
    assert fake.now == pytest.approx(103.0)


def test_no_progress_for_the_budget_stalls_the_task_and_only_real_answers_are_progress():
    fake = FakeTime()
    limiter = limiter_on(fake, stall_timeout=10.0)
    fake.now += 9.0
    limiter.record(limiter.acquire(), not_found())  # the service judged it: progress
    fake.now += 9.0
    limiter.record(limiter.acquire(), server_error())  # not progress
    sent = limiter.acquire()
    assert sent is not None  # 9 seconds without progress: still sending
    limiter.record(sent, throttle())  # not progress
    fake.now += 1.0
    assert limiter.acquire() is None
    error = limiter.not_sent_error()
    assert error.code == 'NotAttempted' and error.attempts == 0 and error.every_attempt_answered is True
    assert 'for 10 seconds' in str(error) and 'TooManyRequests' in str(error)


def test_waiting_for_a_token_ends_when_the_task_stalls():
    fake = FakeTime()
    limiter = limiter_on(fake, stall_timeout=3.0)
    sent = []
    while len(sent) < 100:
        sent.append(limiter.acquire())
        if sent[-1] is None:
            break
        limiter.record(sent[-1], throttle())
    assert sent[-1] is None and fake.now == pytest.approx(103.0)
    assert len(sent) < 10  # paced at the floor rate meanwhile, not hammering


def test_the_summary_counts_throttled_requests_and_the_rate_the_task_settled_at():
    fake = FakeTime()
    limiter = limiter_on(fake, stall_timeout=1000)
    limiter.record(limiter.acquire(), throttle('ResourceThrottled'))
    for dummy in range(40):
        limiter.record(limiter.acquire())
    summary = limiter.summary()
    assert summary.startswith('The service throttled 1 of the 41 requests this task sent (ResourceThrottled)')
    # The rate the service answered at since it first throttled: what the paced requests really got.
    assert 'settled at about %.1f requests per second' % (40 / (fake.now - 100.0)) in summary
    assert MIN_RATE <= 40 / (fake.now - 100.0) < 10


def test_threads_take_their_turn_in_order_and_are_spaced_by_the_rate():
    limiter = AdaptiveRateLimiter(30.0)
    limiter.record(limiter.acquire(), throttle())
    limiter.rate = 100.0
    order = []
    lock = threading.Lock()

    def worker():
        for dummy in range(10):
            sent = limiter.acquire()
            with lock:
                order.append(sent)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert len(order) == 40
    order.sort()
    gaps = [b - a for a, b in zip(order, order[1:])]
    assert min(gaps) >= 0.0099  # one token every 1/100 s, never a burst
    assert 0.39 <= elapsed < 5
