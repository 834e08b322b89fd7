# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""call_with_retries on a fake clock: what is retried, how often, and within what time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._retry import RetryPolicy, call_with_retries


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def failing(errors, result='ok', cost=0.0, fake=None):
    """An attempt that raises the given errors in turn, then returns ``result``."""
    calls = []

    def attempt(remaining):
        calls.append(remaining)
        if fake is not None:
            fake.now += cost
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    return attempt, calls


def throttled():
    return FC3Error('slow down', code='ResourceThrottled', status_code=429, retryable=True)


def test_retryable_errors_are_retried_until_success():
    fake = FakeTime()
    attempt, calls = failing([throttled(), throttled()])
    retries_seen = []
    result = call_with_retries(
        attempt,
        RetryPolicy(retries=5),
        on_retry=lambda e, n, d: retries_seen.append(n),
        clock=fake.clock,
        sleep=fake.sleep,
    )
    assert result == 'ok'
    assert len(calls) == 3
    assert retries_seen == [1, 2]
    assert len(fake.sleeps) == 2


def test_client_errors_are_not_retried():
    fake = FakeTime()
    attempt, calls = failing([FC3Error('bad', code='InvalidArgument', status_code=400)])
    with pytest.raises(FC3Error) as raised:
        call_with_retries(attempt, RetryPolicy(retries=5), clock=fake.clock, sleep=fake.sleep)
    assert raised.value.code == 'InvalidArgument'
    assert len(calls) == 1
    assert fake.sleeps == []


def test_retries_are_bounded_by_count():
    fake = FakeTime()
    attempt, calls = failing([throttled() for dummy in range(10)])
    with pytest.raises(FC3Error) as raised:
        call_with_retries(attempt, RetryPolicy(retries=3, timeout=1000), clock=fake.clock, sleep=fake.sleep)
    assert len(calls) == 4
    assert raised.value.attempts == 4


def test_retries_are_bounded_by_total_time_even_when_attempts_hang():
    fake = FakeTime()
    # Every attempt takes 10 s (a read timeout) and fails.
    attempt, calls = failing(
        [FC3Error('timed out', code='RequestTimeout', retryable=True) for dummy in range(50)], cost=10.0, fake=fake
    )
    with pytest.raises(FC3Error):
        call_with_retries(attempt, RetryPolicy(retries=50, timeout=50), clock=fake.clock, sleep=fake.sleep)
    assert fake.now < 60
    assert all(remaining > 0 for remaining in calls)


def test_each_attempt_is_told_the_time_left():
    fake = FakeTime()
    attempt, calls = failing([throttled()], cost=2.0, fake=fake)
    call_with_retries(attempt, RetryPolicy(retries=1, timeout=30), clock=fake.clock, sleep=fake.sleep)
    assert calls[0] == 30
    assert calls[1] == pytest.approx(30 - 2.0 - fake.sleeps[0])


@pytest.mark.parametrize(
    'retry_number, rand, expected',
    [
        (0, 0.0, 0.25),
        (0, 1.0, 0.5),
        (1, 0.0, 0.5),
        (2, 1.0, 2.0),
        (3, 0.5, 3.0),
        (10, 1.0, 8.0),
        (10, 0.0, 4.0),
    ],
)
def test_backoff_grows_exponentially_with_equal_jitter_and_a_cap(retry_number, rand, expected):
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    assert policy.backoff(retry_number, rand=lambda: rand) == pytest.approx(expected)


def test_backoff_honours_the_wait_the_service_asked_for_within_the_cap():
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    assert policy.backoff(0, retry_after=3.0, rand=lambda: 0.0) == 3.0
    assert policy.backoff(0, retry_after=120.0, rand=lambda: 0.0) == 8.0


def test_an_error_that_caps_its_retries_gets_no_more_than_that():
    fake = FakeTime()
    refused = [
        FC3Error('connection refused', code='ConnectionError', retryable=True, max_retries=2) for dummy in range(9)
    ]
    attempt, calls = failing(refused, fake=fake)
    with pytest.raises(FC3Error) as raised:
        call_with_retries(attempt, RetryPolicy(retries=5), clock=fake.clock, sleep=fake.sleep)
    assert len(calls) == 3 and raised.value.attempts == 3


def test_an_answer_that_is_not_the_services_own_counts_as_no_answer():
    fake = FakeTime()
    page = FC3Error('HTTP 502, not JSON', code='InvalidResponse', status_code=502, retryable=True, answered=False)
    attempt, calls = failing([page], result='written', fake=fake)
    assert call_with_retries(attempt, RetryPolicy(retries=1), clock=fake.clock, sleep=fake.sleep) == 'written'
    attempt, calls = failing([page, page], fake=fake)
    with pytest.raises(FC3Error) as raised:
        call_with_retries(attempt, RetryPolicy(retries=1), clock=fake.clock, sleep=fake.sleep)
    assert raised.value.status_code == 502 and raised.value.every_attempt_answered is False


# ---------------------------------------------------------------------- with the shared limiter of a batch task


class FakeLimiter:
    """Stands in for AdaptiveRateLimiter: each acquire waits ``wait`` fake seconds; stalled after ``stall_after``
    acquires."""

    def __init__(self, fake, wait=0.0, stall_after=None):
        self.fake = fake
        self.wait = wait
        self.stall_after = stall_after
        self.acquired = 0
        self.recorded = []

    def acquire(self):
        if self.stall_after is not None and self.acquired >= self.stall_after:
            return None
        self.acquired += 1
        self.fake.now += self.wait
        return self.fake.now

    def record(self, sent_at, error=None):
        self.recorded.append((sent_at, error.code if error else None))

    def not_sent_error(self):
        error = FC3Error('not sent', code='NotAttempted')
        error.attempts = 0
        return error


def test_with_a_limiter_throttling_answers_are_not_counted_against_the_retries():
    fake = FakeTime()
    limiter = FakeLimiter(fake)
    attempt, calls = failing([throttled() for dummy in range(12)])
    retries_seen = []
    result = call_with_retries(
        attempt,
        RetryPolicy(retries=1, timeout=30),
        on_retry=lambda e, n, d: retries_seen.append(n),
        clock=fake.clock,
        sleep=fake.sleep,
        limiter=limiter,
    )
    assert result == 'ok' and len(calls) == 13
    # The limiter paced them: no backoff of its own, no per-retry warning; every outcome reported.
    assert fake.sleeps == [] and retries_seen == []
    assert [code for dummy, code in limiter.recorded] == ['ResourceThrottled'] * 12 + [None]


def test_with_a_limiter_a_throttled_request_fails_when_the_task_stalls():
    fake = FakeTime()
    limiter = FakeLimiter(fake, stall_after=4)
    attempt, calls = failing([throttled() for dummy in range(10)])
    with pytest.raises(FC3Error) as raised:
        call_with_retries(
            attempt, RetryPolicy(retries=1, timeout=30), clock=fake.clock, sleep=fake.sleep, limiter=limiter
        )
    assert raised.value.code == 'ResourceThrottled' and raised.value.attempts == 4 and len(calls) == 4


def test_with_a_stalled_limiter_nothing_is_sent():
    fake = FakeTime()
    attempt, calls = failing([])
    with pytest.raises(FC3Error) as raised:
        call_with_retries(
            attempt, RetryPolicy(), clock=fake.clock, sleep=fake.sleep, limiter=FakeLimiter(fake, stall_after=0)
        )
    assert raised.value.code == 'NotAttempted' and raised.value.attempts == 0 and calls == []


def test_with_a_limiter_other_retryable_errors_stay_bounded_by_count_and_time():
    fake = FakeTime()
    down = [FC3Error('down', code='ServiceUnavailable', status_code=503, retryable=True) for dummy in range(10)]
    attempt, calls = failing(down)
    with pytest.raises(FC3Error) as raised:
        call_with_retries(
            attempt, RetryPolicy(retries=3, timeout=1000), clock=fake.clock, sleep=fake.sleep, limiter=FakeLimiter(fake)
        )
    assert raised.value.code == 'ServiceUnavailable' and len(calls) == 4 and len(fake.sleeps) == 3
    fake = FakeTime()
    attempt, calls = failing(list(down), cost=10.0, fake=fake)
    with pytest.raises(FC3Error):
        call_with_retries(
            attempt, RetryPolicy(retries=50, timeout=50), clock=fake.clock, sleep=fake.sleep, limiter=FakeLimiter(fake)
        )
    assert fake.now < 60


def test_waiting_for_the_limiter_does_not_use_up_the_time_of_the_request():
    fake = FakeTime()
    attempt, calls = failing([FC3Error('down', code='ServiceUnavailable', status_code=503, retryable=True)])
    call_with_retries(
        attempt,
        RetryPolicy(retries=2, timeout=30),
        clock=fake.clock,
        sleep=fake.sleep,
        limiter=FakeLimiter(fake, wait=40.0),
    )
    assert calls[0] == 30 and calls[1] == pytest.approx(30 - fake.sleeps[0])


def unanswered():
    return FC3Error('read timed out', code='RequestTimeout', retryable=True)


def server_error():
    return FC3Error('internal error', code='InternalError', status_code=500, retryable=True)


@pytest.mark.parametrize('error', [unanswered, server_error])
def test_a_call_that_is_not_idempotent_is_not_sent_again_after_it_may_have_been_applied(error):
    fake = FakeTime()
    attempt, calls = failing([error()])
    with pytest.raises(FC3Error):
        call_with_retries(attempt, RetryPolicy(retries=5), clock=fake.clock, sleep=fake.sleep, idempotent=False)
    assert len(calls) == 1


def test_a_call_that_is_not_idempotent_is_sent_again_after_the_service_refused_it_unprocessed():
    fake = FakeTime()
    attempt, calls = failing([throttled(), throttled()])
    assert (
        call_with_retries(attempt, RetryPolicy(retries=5), clock=fake.clock, sleep=fake.sleep, idempotent=False) == 'ok'
    )
    assert len(calls) == 3


def test_an_idempotent_call_is_retried_after_a_lost_answer():
    fake = FakeTime()
    attempt, calls = failing([unanswered(), server_error()])
    assert call_with_retries(attempt, RetryPolicy(retries=5), clock=fake.clock, sleep=fake.sleep) == 'ok'
    assert len(calls) == 3
