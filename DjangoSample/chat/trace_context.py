"""W3C Trace Context (https://www.w3.org/TR/trace-context/) `traceparent` handling.

A TraceContext is one span's identity: the request's SERVER span (chat/middleware.py) or one
outgoing call's CLIENT span (`child_span()`, chat/tracing.py). The spans themselves are recorded and
exported over OTLP by chat/tracing.py and chat/otlp/ when OTEL_EXPORTER_OTLP_ENDPOINT is set; this
module only creates, parses and formats the ids.
"""
import re
import secrets
from dataclasses import dataclass
from typing import Optional

SAMPLED_FLAGS = "01"
_ZERO_TRACE_ID = "0" * 32
_ZERO_SPAN_ID = "0" * 16
# version-traceid-parentid-flags, lowercase hex only; later versions may append "-…" fields.
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")


def _random_hex(byte_count: int) -> str:
    # All-zero ids are invalid by the spec; at 2^-64 this loop practically never repeats.
    while True:
        value = secrets.token_hex(byte_count)
        if value.strip("0"):
            return value


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    span_id: str
    flags: str = SAMPLED_FLAGS
    # The span this one was started under (None for a trace's first span), so the span can be
    # exported with its place in the tree. Not part of the traceparent header.
    parent_span_id: Optional[str] = None

    @classmethod
    def new_root(cls) -> "TraceContext":
        """A new trace: random 16-byte trace id, random 8-byte span id, sampled."""
        return cls(trace_id=_random_hex(16), span_id=_random_hex(8), flags=SAMPLED_FLAGS)

    @classmethod
    def parse(cls, header: Optional[str]) -> Optional["TraceContext"]:
        """The context in a `traceparent` header, or None when it is missing or invalid."""
        if not header:
            return None
        match = _TRACEPARENT.match(header.strip())
        if match is None:
            return None
        version, trace_id, span_id, flags, extra = match.groups()
        if version == "ff" or (version == "00" and extra is not None):
            return None
        if trace_id == _ZERO_TRACE_ID or span_id == _ZERO_SPAN_ID:
            return None
        return cls(trace_id=trace_id, span_id=span_id, flags=flags)

    @classmethod
    def for_incoming_request(cls, incoming_header: Optional[str]) -> "TraceContext":
        """Continue a valid incoming trace with a span of our own; otherwise start a new trace."""
        parent = cls.parse(incoming_header)
        if parent is None:
            return cls.new_root()
        return parent.child_span()

    def child_span(self) -> "TraceContext":
        # Same trace and sampling decision, new span id. Only the "sampled" bit is defined in
        # version 00, so other flag bits are not forwarded.
        return TraceContext(
            trace_id=self.trace_id,
            span_id=_random_hex(8),
            flags=f"{int(self.sampled):02x}",
            parent_span_id=self.span_id,
        )

    @property
    def sampled(self) -> bool:
        """The caller's decision to record this trace; unsampled spans are propagated, not exported."""
        return bool(int(self.flags, 16) & 0x01)

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{self.flags}"
