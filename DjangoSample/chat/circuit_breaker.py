"""A thread-safe circuit breaker.

closed    -- calls go through; `failure_threshold` consecutive failures open the circuit.
open      -- calls fail fast (no network) until `open_seconds` have passed.
half-open -- exactly one probe call goes through; others keep failing fast. The probe's success
             closes the circuit, its failure opens it for another `open_seconds`.

Why: when MemoryApi is down, every chat turn would otherwise wait for a full timeout before
answering. Failing fast keeps the chat responsive while the service recovers.
"""
import threading
import time
from typing import Callable

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


class CircuitOpenError(Exception):
    """Raised instead of making a call while the circuit is open."""

    def __init__(self, retry_after_seconds: float):
        super().__init__(f"circuit open; next probe in {retry_after_seconds:.1f} s")
        self.retry_after_seconds = retry_after_seconds


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 3,
        open_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if open_seconds <= 0:
            raise ValueError("open_seconds must be greater than 0")
        self.failure_threshold = failure_threshold
        self.open_seconds = open_seconds
        # Injectable so tests can move time without sleeping; monotonic so wall-clock jumps
        # (NTP, DST) can neither shorten nor stretch the open period.
        self._clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._consecutive_failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False

    @property
    def state(self) -> str:
        """The state a call made now would see (an expired open circuit reports half-open)."""
        with self._lock:
            if self._state == OPEN and self._open_period_over():
                return HALF_OPEN
            return self._state

    def before_call(self) -> None:
        """Admit a call or raise CircuitOpenError. Every admitted call must be followed by
        exactly one `record_success` or `record_failure`."""
        with self._lock:
            if self._state == CLOSED:
                return
            if self._state == OPEN:
                if not self._open_period_over():
                    raise CircuitOpenError(self._opened_at + self.open_seconds - self._clock())
                self._state = HALF_OPEN
                self._probe_in_flight = False
            if self._probe_in_flight:
                raise CircuitOpenError(0.0)
            self._probe_in_flight = True

    def record_success(self) -> None:
        with self._lock:
            if self._state == OPEN:
                # A call admitted before the circuit opened finished late: one straggler is
                # not evidence of recovery, the half-open probe decides that.
                return
            self._state = CLOSED
            self._consecutive_failures = 0
            self._probe_in_flight = False

    def record_failure(self) -> None:
        with self._lock:
            if self._state == HALF_OPEN:
                self._open_now()
            elif self._state == CLOSED:
                self._consecutive_failures += 1
                if self._consecutive_failures >= self.failure_threshold:
                    self._open_now()
            # Already open: a late failure changes nothing (and must not extend the open period).

    def _open_now(self) -> None:
        self._state = OPEN
        self._opened_at = self._clock()
        self._probe_in_flight = False
        self._consecutive_failures = 0

    def _open_period_over(self) -> bool:
        return self._clock() - self._opened_at >= self.open_seconds
