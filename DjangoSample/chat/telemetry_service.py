"""The process-wide span exporter, built from `settings.OTLP_TRACES`; None when export is off.

Shared like memory_service's client: one queue and one sending thread per process. Rebuilt when
OTLP_TRACES changes (tests point it at a local collector). Configuration warnings (gRPC asked for,
a bad OTEL_* value) are logged once, when the exporter is first needed.
"""
import atexit
import logging
import threading
from typing import List, Optional

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from chat.otlp.batch_exporter import BatchSpanExporter
from chat.otlp.http_sender import OtlpHttpSender
from chat.otlp.span_data import SpanData
from chat.otlp.trace_request import encode_export_trace_request
from chatsite.otel_env_config import OtlpTracesConfig

SCOPE_NAME = "chat"

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_exporter: Optional[BatchSpanExporter] = None
_built = False


def record_span(span: SpanData) -> None:
    exporter = get_span_exporter()
    if exporter is not None:
        exporter.submit(span)


def get_span_exporter() -> Optional[BatchSpanExporter]:
    global _exporter, _built
    with _lock:
        if not _built:
            _exporter = _build(settings.OTLP_TRACES)
            _built = True
        return _exporter


def force_flush() -> bool:
    """Send every queued span now (tests; process exit). True when nothing failed."""
    exporter = get_span_exporter()
    return exporter.force_flush() if exporter is not None else True


def reset_span_exporter() -> None:
    """Stop the current exporter, dropping what it still holds; the next span builds a new one."""
    global _exporter, _built
    with _lock:
        if _exporter is not None:
            _exporter.shutdown(flush=False)
        _exporter, _built = None, False


def _build(config: OtlpTracesConfig) -> Optional[BatchSpanExporter]:
    for warning in config.warnings:
        logger.warning("Telemetry: %s", warning)
    if not config.enabled:
        return None
    sender = OtlpHttpSender(config.traces_url, config.headers, config.timeout_seconds)
    resource = dict(config.resource_attributes)

    def export_batch(spans: List[SpanData]) -> None:
        # Encoded here, on the exporter's thread, so requests never pay for it.
        sender.send(encode_export_trace_request(resource, SCOPE_NAME, spans))

    logger.info(
        "Telemetry: exporting spans to %s (OTLP/HTTP protobuf) every %g s", config.traces_url, config.schedule_delay_seconds
    )
    return BatchSpanExporter(
        export_batch,
        schedule_delay_seconds=config.schedule_delay_seconds,
        max_queue_size=config.max_queue_size,
        max_export_batch_size=config.max_export_batch_size,
    )


@receiver(setting_changed)
def _rebuild_exporter_on_settings_change(setting, **kwargs):
    if setting == "OTLP_TRACES":
        reset_span_exporter()


@atexit.register
def _flush_at_exit() -> None:
    # Best effort: the last second of spans (bounded by the send timeout). A killed process loses them.
    with _lock:
        exporter = _exporter
    if exporter is not None:
        exporter.shutdown(flush=True)
