"""This app's spans: a SERVER span per request (the middleware) and a CLIENT span per outgoing call.

A CLIENT span is a child of the request's span and its id is the one the call's `traceparent`
carries, so the called service's span hangs under it: Django → MemoryApi → PostgreSQL is one tree.
Spans of sampled traces go to telemetry_service, which exports them when OTLP is configured and
drops them otherwise; unsampled traces still get ids and propagate, they are just not recorded.
"""
import logging
import time
from contextlib import contextmanager
from typing import Iterator, Optional
from urllib.parse import urlsplit, urlunsplit

from chat import telemetry_service
from chat.otlp.span_data import AttributeValue, SpanData, SpanKind, StatusCode
from chat.otlp.throttled_warning import ThrottledWarning
from chat.trace_context import TraceContext

logger = logging.getLogger(__name__)
# Enough to say what failed; an exception's text is not a place for whole response bodies.
MAX_STATUS_MESSAGE_CHARS = 300
_recording_failed = ThrottledWarning(logger)


class Span:
    def __init__(self, context: TraceContext, name: str, kind: int, attributes: Optional[dict] = None):
        self.context = context
        self.name = name
        self.kind = kind
        self.attributes = dict(attributes or {})
        self.status_code = StatusCode.UNSET
        self.status_message = ""
        # Wall clock for the start (what a dashboard shows), a monotonic counter for the duration:
        # a clock adjustment during the request must not give the span a negative length.
        self._start_unix_nano = time.time_ns()
        self._start_counter = time.perf_counter_ns()
        self._ended = False

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        self.attributes[key] = value

    def set_error(self, message: str) -> None:
        self.status_code = StatusCode.ERROR
        self.status_message = message

    def end(self) -> None:
        """Finish the span and hand it over for export. Idempotent, and never raises."""
        if self._ended:
            return
        self._ended = True
        if not self.context.sampled:
            return
        try:
            telemetry_service.record_span(
                SpanData(
                    trace_id=self.context.trace_id,
                    span_id=self.context.span_id,
                    parent_span_id=self.context.parent_span_id,
                    name=self.name,
                    kind=self.kind,
                    start_time_unix_nano=self._start_unix_nano,
                    end_time_unix_nano=self._start_unix_nano + time.perf_counter_ns() - self._start_counter,
                    attributes=self.attributes,
                    status_code=self.status_code,
                    status_message=self.status_message,
                    trace_flags=int(self.context.flags, 16),
                )
            )
        except Exception as error:  # noqa: BLE001 - telemetry must never fail a request
            _recording_failed.warn("Could not record span %r: %s: %s", self.name, type(error).__name__, error)


@contextmanager
def client_span(parent: TraceContext, name: str, attributes: Optional[dict] = None) -> Iterator[Span]:
    """A CLIENT span under `parent` for one outgoing call; send `span.context.traceparent` with it.

    An exception leaving the block marks the span as failed (and is re-raised).
    """
    span = Span(parent.child_span(), name, SpanKind.CLIENT, attributes)
    try:
        yield span
    except BaseException as error:
        span.attributes.setdefault("error.type", type(error).__name__)
        span.set_error(f"{type(error).__name__}: {error}"[:MAX_STATUS_MESSAGE_CHARS])
        raise
    finally:
        span.end()


def http_client_attributes(method: str, url: str, url_template: Optional[str] = None) -> dict:
    """OpenTelemetry HTTP client attributes. `url` is without its query string (user ids live there)."""
    parts = urlsplit(url)
    if "@" in parts.netloc:  # never export credentials written into a URL
        url = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    attributes = {
        "http.request.method": method,
        "url.full": url,
        "server.address": parts.hostname or "",
        "server.port": parts.port or (443 if parts.scheme == "https" else 80),
    }
    if url_template:
        attributes["url.template"] = url_template
    return attributes
