"""Queues finished spans in memory and sends them in batches from one background thread.

Request threads only append to a bounded queue (a lock held for an append), so a slow or dead
collector can never slow a request down: when the queue is full new spans are dropped and counted.
The worker wakes every `schedule_delay_seconds`, or as soon as a full batch is waiting, and hands
each batch to `export_batch` (encode + POST). Export failures are logged at most once a minute and
the batch is dropped: spans are diagnostics, not data worth retrying at the cost of memory.
"""
import collections
import logging
import threading
import time
from typing import Callable, List, Optional

from chat.otlp.span_data import SpanData
from chat.otlp.throttled_warning import ThrottledWarning

logger = logging.getLogger(__name__)


class BatchSpanExporter:
    def __init__(
        self,
        export_batch: Callable[[List[SpanData]], None],
        schedule_delay_seconds: float = 1.0,
        max_queue_size: int = 2048,
        max_export_batch_size: int = 512,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._export_batch = export_batch
        self.schedule_delay_seconds = schedule_delay_seconds
        self.max_queue_size = max_queue_size
        self.max_export_batch_size = max_export_batch_size
        # Two throttles, so a minute of "queue full" cannot hide why exports fail, or the reverse.
        self._failure_warning = ThrottledWarning(logger, clock=clock)
        self._drop_warning = ThrottledWarning(logger, clock=clock)
        self._queue = collections.deque()
        self._queue_lock = threading.Lock()
        # One export at a time, whether from the worker or force_flush(), so batches never interleave.
        self._export_lock = threading.Lock()
        self._wake = threading.Event()
        self._worker: Optional[threading.Thread] = None
        self._stopped = False
        self.dropped_span_count = 0

    def submit(self, span: SpanData) -> None:
        """Queue a finished span. Never blocks on the network and never raises."""
        with self._queue_lock:
            if self._stopped:
                return
            full = len(self._queue) >= self.max_queue_size
            if full:
                self.dropped_span_count += 1
            else:
                self._queue.append(span)
                if len(self._queue) >= self.max_export_batch_size:
                    self._wake.set()
            self._ensure_worker()
        if full:
            self._drop_warning.warn(
                "Span queue full (%d spans): dropped a span; %d dropped so far", self.max_queue_size, self.dropped_span_count
            )

    @property
    def queued_span_count(self) -> int:
        with self._queue_lock:
            return len(self._queue)

    def force_flush(self) -> bool:
        """Export everything queued now, in the calling thread. True when every batch was taken."""
        return self._export_queued()

    def shutdown(self, flush: bool = True) -> None:
        """Stop the worker; with flush, send what is still queued first (bounded by the send timeout)."""
        with self._queue_lock:
            self._stopped = True
            worker = self._worker
            if not flush:
                self._queue.clear()
        self._wake.set()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=self.schedule_delay_seconds + 1)
        if flush:
            self._export_queued()

    def _ensure_worker(self) -> None:
        # Started on the first span, not at construction: a process that never records a span (a
        # management command, runserver's file-watching parent) gets no thread. The liveness check
        # also restarts it in a child forked after the thread started (threads do not survive fork).
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._run, name="otlp-span-exporter", daemon=True)
            self._worker.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.schedule_delay_seconds)
            self._wake.clear()
            with self._queue_lock:
                if self._stopped:
                    return  # shutdown() does the final flush itself
            self._export_queued()

    def _export_queued(self) -> bool:
        all_taken = True
        with self._export_lock:
            while True:
                with self._queue_lock:
                    count = min(len(self._queue), self.max_export_batch_size)
                    batch = [self._queue.popleft() for _ in range(count)]
                if not batch:
                    return all_taken
                try:
                    self._export_batch(batch)
                except Exception as error:  # noqa: BLE001 - nothing may escape into the worker loop
                    all_taken = False
                    self._failure_warning.warn("Could not export %d spans over OTLP: %s", len(batch), error)
