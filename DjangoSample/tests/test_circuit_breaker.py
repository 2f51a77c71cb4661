"""The breaker's state machine on its own, with an injected clock."""
import threading

import pytest

from chat.circuit_breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, CircuitOpenError


def trip(breaker):
    for _ in range(breaker.failure_threshold):
        breaker.before_call()
        breaker.record_failure()


def test_open_circuit_reports_time_until_the_probe(clock):
    breaker = CircuitBreaker(failure_threshold=1, open_seconds=30, clock=clock)
    trip(breaker)
    clock.advance(10)
    with pytest.raises(CircuitOpenError) as raised:
        breaker.before_call()
    assert raised.value.retry_after_seconds == pytest.approx(20)


def test_late_failure_while_open_does_not_extend_the_open_period(clock):
    breaker = CircuitBreaker(failure_threshold=1, open_seconds=30, clock=clock)
    breaker.before_call()  # a straggler admitted while closed
    trip(breaker)
    clock.advance(20)
    breaker.record_failure()  # the straggler fails late
    clock.advance(10)
    assert breaker.state == HALF_OPEN


def test_late_success_while_open_does_not_close_the_circuit(clock):
    breaker = CircuitBreaker(failure_threshold=1, open_seconds=30, clock=clock)
    breaker.before_call()
    trip(breaker)
    breaker.record_success()
    assert breaker.state == OPEN


def test_concurrent_failures_open_exactly_once_and_stay_consistent(clock):
    breaker = CircuitBreaker(failure_threshold=50, open_seconds=30, clock=clock)
    barrier = threading.Barrier(8)

    def fail_many():
        barrier.wait()
        for _ in range(25):
            try:
                breaker.before_call()
            except CircuitOpenError:
                continue
            breaker.record_failure()

    threads = [threading.Thread(target=fail_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert breaker.state == OPEN
    clock.advance(30)
    breaker.before_call()  # exactly one probe is admitted after the period
    with pytest.raises(CircuitOpenError):
        breaker.before_call()


@pytest.mark.parametrize("threshold, open_seconds", [(0, 30), (3, 0)])
def test_rejects_nonsense_configuration(threshold, open_seconds):
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=threshold, open_seconds=open_seconds)


def test_new_breaker_is_closed():
    assert CircuitBreaker().state == CLOSED
