"""A finished span: everything the OTLP encoder needs, nothing it has to compute."""
from dataclasses import dataclass, field
from typing import Dict, Optional, Union

AttributeValue = Union[str, bool, int, float]


class SpanKind:
    """opentelemetry.proto.trace.v1.Span.SpanKind values."""

    INTERNAL = 1
    SERVER = 2
    CLIENT = 3


class StatusCode:
    """opentelemetry.proto.trace.v1.Status.StatusCode values."""

    UNSET = 0
    OK = 1
    ERROR = 2


@dataclass(frozen=True)
class SpanData:
    trace_id: str  # 32 lowercase hex digits
    span_id: str  # 16 lowercase hex digits
    parent_span_id: Optional[str]  # None for a trace's first span
    name: str
    kind: int
    start_time_unix_nano: int
    end_time_unix_nano: int
    attributes: Dict[str, AttributeValue] = field(default_factory=dict)
    status_code: int = StatusCode.UNSET
    status_message: str = ""
    trace_flags: int = 0x01  # W3C trace flags; 0x01 = sampled
