"""Encodes an OTLP ExportTraceServiceRequest (opentelemetry-proto, collector/trace/v1) as protobuf.

Field numbers and types, from opentelemetry/proto/{collector/trace,trace,common,resource}/v1/*.proto:

  ExportTraceServiceRequest  resource_spans = 1 (ResourceSpans, repeated)
  ResourceSpans              resource = 1 (Resource), scope_spans = 2 (ScopeSpans, repeated)
  Resource                   attributes = 1 (KeyValue, repeated)
  ScopeSpans                 scope = 1 (InstrumentationScope), spans = 2 (Span, repeated)
  InstrumentationScope       name = 1 (string), version = 2 (string)
  Span                       trace_id = 1 (bytes, 16), span_id = 2 (bytes, 8), trace_state = 3 (string),
                             parent_span_id = 4 (bytes), name = 5 (string), kind = 6 (enum),
                             start_time_unix_nano = 7 (fixed64), end_time_unix_nano = 8 (fixed64),
                             attributes = 9 (KeyValue, repeated), status = 15 (Status),
                             flags = 16 (fixed32: W3C trace flags in the low 8 bits)
  Status                     message = 2 (string), code = 3 (enum)
  KeyValue                   key = 1 (string), value = 2 (AnyValue)
  AnyValue (oneof)           string_value = 1, bool_value = 2, int_value = 3 (int64),
                             double_value = 4 (double)

proto3 leaves fields at their default value (0, "", empty) out of the bytes, and so do we, except
inside AnyValue: there the field that is present says which type the value has, so `0`, `False` and
`""` are written too.
"""
from typing import Mapping, Optional, Sequence

from chat.otlp.protobuf_wire import (
    bool_field,
    bytes_field,
    double_field,
    fixed32_field,
    fixed64_field,
    int64_field,
    message_field,
    string_field,
    varint_field,
)
from chat.otlp.span_data import AttributeValue, SpanData, StatusCode


def encode_export_trace_request(
    resource_attributes: Mapping[str, AttributeValue],
    scope_name: str,
    spans: Sequence[SpanData],
    scope_version: Optional[str] = None,
) -> bytes:
    """One resource (this process) with one instrumentation scope holding all the spans."""
    resource = b"".join(_key_value(1, key, value) for key, value in resource_attributes.items())
    scope = _optional_string(1, scope_name) + _optional_string(2, scope_version)
    scope_spans = message_field(1, scope) + b"".join(message_field(2, _span(span)) for span in spans)
    resource_spans = message_field(1, resource) + message_field(2, scope_spans)
    return message_field(1, resource_spans)


def _span(span: SpanData) -> bytes:
    parts = [
        bytes_field(1, _id_bytes(span.trace_id, 16, "trace_id")),
        bytes_field(2, _id_bytes(span.span_id, 8, "span_id")),
    ]
    if span.parent_span_id:
        parts.append(bytes_field(4, _id_bytes(span.parent_span_id, 8, "parent_span_id")))
    parts.append(_optional_string(5, span.name))
    if span.kind:
        parts.append(varint_field(6, span.kind))
    parts.append(fixed64_field(7, span.start_time_unix_nano))
    parts.append(fixed64_field(8, span.end_time_unix_nano))
    parts.extend(_key_value(9, key, value) for key, value in span.attributes.items())
    status = _optional_string(2, span.status_message)
    if span.status_code != StatusCode.UNSET:
        status += varint_field(3, span.status_code)
    if status:
        parts.append(message_field(15, status))
    if span.trace_flags:
        parts.append(fixed32_field(16, span.trace_flags & 0xFF))
    return b"".join(parts)


def _key_value(field_number: int, key: str, value: AttributeValue) -> bytes:
    return message_field(field_number, string_field(1, key) + message_field(2, _any_value(key, value)))


def _any_value(key: str, value: AttributeValue) -> bytes:
    # bool before int: in Python, True is an int too.
    if isinstance(value, bool):
        return bool_field(2, value)
    if isinstance(value, int):
        return int64_field(3, value)
    if isinstance(value, float):
        return double_field(4, value)
    if isinstance(value, str):
        return string_field(1, value)
    raise TypeError(f"attribute {key!r}: unsupported value type {type(value).__name__}")


def _optional_string(field_number: int, value: Optional[str]) -> bytes:
    return string_field(field_number, value) if value else b""


def _id_bytes(hex_id: str, length: int, what: str) -> bytes:
    value = bytes.fromhex(hex_id)
    if len(value) != length:
        raise ValueError(f"{what} must be {length} bytes, got {len(value)}")
    return value
