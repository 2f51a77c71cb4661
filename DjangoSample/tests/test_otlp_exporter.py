"""The OTLP sender against a real local HTTP server, and the batching exporter's queue and thread."""
import logging
import threading
import time

import pytest

from chat.otlp.batch_exporter import BatchSpanExporter
from chat.otlp.http_sender import ExportError, OtlpHttpSender
from chat.otlp.span_data import SpanData, SpanKind
from tests.scripted_server import ScriptedHttpServer, ScriptedResponse


@pytest.fixture
def server():
    server = ScriptedHttpServer().start()
    yield server
    server.stop()


def span(number=0):
    return SpanData(
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        span_id=f"{number + 1:016x}",
        parent_span_id=None,
        name=f"span {number}",
        kind=SpanKind.INTERNAL,
        start_time_unix_nano=1,
        end_time_unix_nano=2,
    )


# --- the HTTP sender ------------------------------------------------------------------------


def test_sender_posts_protobuf_with_the_configured_headers(server):
    server.route("POST", "/v1/traces", ScriptedResponse(200, b""))
    OtlpHttpSender(server.url + "/v1/traces", {"x-otlp-api-key": "abc123"}, 2.0).send(b"\x0a\x00")

    (request,) = server.requests
    assert (request.method, request.path) == ("POST", "/v1/traces")
    assert request.headers["content-type"] == "application/x-protobuf"
    assert request.headers["x-otlp-api-key"] == "abc123"
    assert request.body == b"\x0a\x00"


def test_a_configured_content_type_cannot_replace_protobuf(server):
    server.route("POST", "/v1/traces", ScriptedResponse(200, b""))
    OtlpHttpSender(server.url + "/v1/traces", {"Content-Type": "application/json"}, 2.0).send(b"")
    assert server.requests[0].headers["content-type"] == "application/x-protobuf"


def test_refused_batch_raises_without_leaking_the_api_key(server):
    server.route("POST", "/v1/traces", ScriptedResponse(415, b"unsupported"))
    with pytest.raises(ExportError, match="415") as raised:
        OtlpHttpSender(server.url + "/v1/traces", {"x-otlp-api-key": "s3cret"}, 2.0).send(b"")
    assert "s3cret" not in str(raised.value)


def test_unreachable_collector_raises(unreachable_url):
    with pytest.raises(ExportError, match="ConnectionRefusedError"):
        OtlpHttpSender(unreachable_url + "/v1/traces", {}, 2.0).send(b"")


def test_slow_collector_times_out(server):
    server.route("POST", "/v1/traces", ScriptedResponse(200, b"", delay_seconds=2))
    started = time.monotonic()
    with pytest.raises(ExportError, match="timed out"):
        OtlpHttpSender(server.url + "/v1/traces", {}, 0.2).send(b"")
    assert time.monotonic() - started < 1.5


# --- the batching exporter ------------------------------------------------------------------


@pytest.fixture
def make_exporter():
    """BatchSpanExporter factory whose exporters are all shut down after the test (no stray threads)."""
    made = []

    def make(*args, **kwargs):
        made.append(BatchSpanExporter(*args, **kwargs))
        return made[-1]

    yield make
    for exporter in made:
        exporter.shutdown(flush=False)


class RecordingExport:
    """Stands in for encode + POST: records each batch, or fails on demand."""

    def __init__(self):
        self.batches = []
        self.error = None
        self.release = None  # an Event to hold an export in flight

    def __call__(self, batch):
        if self.release is not None:
            self.release.wait(10)
        if self.error is not None:
            raise self.error
        self.batches.append([s.name for s in batch])


def test_force_flush_sends_everything_in_batches_of_the_configured_size(make_exporter):
    export = RecordingExport()
    exporter = make_exporter(export, schedule_delay_seconds=60, max_export_batch_size=2)
    for number in range(5):
        exporter.submit(span(number))

    assert exporter.force_flush() is True
    assert export.batches == [["span 0", "span 1"], ["span 2", "span 3"], ["span 4"]]
    assert exporter.queued_span_count == 0
    exporter.shutdown()


def test_the_worker_exports_on_its_schedule_without_being_asked(make_exporter):
    export = RecordingExport()
    exporter = make_exporter(export, schedule_delay_seconds=0.05)
    exporter.submit(span())
    deadline = time.monotonic() + 5
    while not export.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    assert export.batches == [["span 0"]]
    exporter.shutdown()


def test_a_full_queue_drops_and_counts_new_spans_with_one_warning(make_exporter, caplog):
    exporter = make_exporter(RecordingExport(), schedule_delay_seconds=60, max_queue_size=3, max_export_batch_size=3)
    # Hold the worker off: a full batch would wake it and empty the queue while we fill it.
    exporter._ensure_worker = lambda: None
    with caplog.at_level(logging.WARNING, logger="chat.otlp"):
        for number in range(6):
            exporter.submit(span(number))

    assert exporter.queued_span_count == 3
    assert exporter.dropped_span_count == 3
    assert [r.getMessage() for r in caplog.records].count("Span queue full (3 spans): dropped a span; 1 dropped so far") == 1
    assert len(caplog.records) == 1


def test_submit_never_waits_for_a_slow_export(make_exporter):
    export = RecordingExport()
    export.release = threading.Event()
    exporter = make_exporter(export, schedule_delay_seconds=0.01, max_export_batch_size=1)
    exporter.submit(span(0))  # the worker picks it up and hangs in export
    time.sleep(0.1)

    started = time.monotonic()
    for number in range(1, 100):
        exporter.submit(span(number))
    assert time.monotonic() - started < 0.5

    export.release.set()
    exporter.shutdown()
    assert sum(len(batch) for batch in export.batches) == 100


def test_export_failures_are_logged_at_most_once_a_minute(make_exporter, caplog, clock):
    export = RecordingExport()
    export.error = ExportError("http://collector/v1/traces unreachable: ConnectionRefusedError")
    exporter = make_exporter(export, schedule_delay_seconds=60, clock=clock)

    with caplog.at_level(logging.WARNING, logger="chat.otlp"):
        for _ in range(3):
            exporter.submit(span())
            assert exporter.force_flush() is False
            clock.advance(10)
        clock.advance(40)  # a minute after the first warning
        exporter.submit(span())
        exporter.force_flush()

    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "Could not export 1 spans over OTLP: http://collector/v1/traces unreachable: ConnectionRefusedError",
        "Could not export 1 spans over OTLP: http://collector/v1/traces unreachable: ConnectionRefusedError"
        " (2 more since the last such warning)",
    ]
    assert exporter.queued_span_count == 0  # failed batches are dropped, not retried forever


def test_any_exception_in_export_is_contained(make_exporter):
    export = RecordingExport()
    export.error = TypeError("unsupported attribute")
    exporter = make_exporter(export, schedule_delay_seconds=60)
    exporter.submit(span())
    assert exporter.force_flush() is False


def test_shutdown_flushes_and_then_ignores_new_spans(make_exporter):
    export = RecordingExport()
    exporter = make_exporter(export, schedule_delay_seconds=60)
    exporter.submit(span(0))
    exporter.shutdown()
    exporter.submit(span(1))
    exporter.force_flush()
    assert export.batches == [["span 0"]]


def test_shutdown_without_flush_drops_the_queue(make_exporter):
    export = RecordingExport()
    exporter = make_exporter(export, schedule_delay_seconds=60)
    exporter.submit(span(0))
    exporter.shutdown(flush=False)
    assert export.batches == []
