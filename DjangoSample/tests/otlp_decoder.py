"""A small protobuf DECODER for the tests, written from the wire-format rules, not from the encoder.

read_fields() knows only the wire format: a tag varint (field number = tag >> 3, wire type = tag & 7)
then the value. decode_export_trace_request() applies the OTLP schema (field numbers from
opentelemetry-proto) on top and returns plain dicts, so assertions read like the proto definitions.
"""
import struct
from typing import Any, Dict, List, Tuple

Field = Tuple[int, int, Any]  # (field number, wire type, value)


def _read_varint(data: bytes, position: int) -> Tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise ValueError("varint longer than 10 bytes")


def read_fields(data: bytes) -> List[Field]:
    """Every field in order. Varints are unsigned ints; fixed64/fixed32 and length-delimited values
    are raw bytes (only the schema knows whether they are numbers, strings or messages)."""
    fields = []
    position = 0
    while position < len(data):
        key, position = _read_varint(data, position)
        number, wire_type = key >> 3, key & 0x07
        if number == 0:
            raise ValueError("field number 0 is invalid")
        if wire_type == 0:
            value, position = _read_varint(data, position)
        elif wire_type == 1:
            value, position = data[position:position + 8], position + 8
        elif wire_type == 2:
            length, position = _read_varint(data, position)
            value, position = data[position:position + length], position + length
        elif wire_type == 5:
            value, position = data[position:position + 4], position + 4
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
        if position > len(data):
            raise ValueError("truncated field")
        fields.append((number, wire_type, value))
    return fields


def _only(fields: List[Field], number: int, wire_type: int) -> List[Any]:
    values = []
    for field_number, field_wire_type, value in fields:
        if field_number == number:
            assert field_wire_type == wire_type, f"field {number} has wire type {field_wire_type}, expected {wire_type}"
            values.append(value)
    return values


def _single(fields: List[Field], number: int, wire_type: int, default: Any = None) -> Any:
    values = _only(fields, number, wire_type)
    assert len(values) <= 1, f"field {number} appears {len(values)} times"
    return values[0] if values else default


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def decode_any_value(data: bytes) -> Any:
    fields = read_fields(data)
    assert len(fields) == 1, f"AnyValue must hold exactly one value, got {fields}"
    number, wire_type, value = fields[0]
    if (number, wire_type) == (1, 2):
        return value.decode("utf-8")
    if (number, wire_type) == (2, 0):
        assert value in (0, 1)
        return bool(value)
    if (number, wire_type) == (3, 0):
        return _signed64(value)
    if (number, wire_type) == (4, 1):
        return struct.unpack("<d", value)[0]
    raise AssertionError(f"unexpected AnyValue field {number} (wire type {wire_type})")


def decode_attributes(values: List[bytes]) -> Dict[str, Any]:
    attributes = {}
    for key_value in values:
        fields = read_fields(key_value)
        key = _single(fields, 1, 2).decode("utf-8")
        assert key not in attributes, f"duplicate attribute {key}"
        attributes[key] = decode_any_value(_single(fields, 2, 2))
    return attributes


def decode_span(data: bytes) -> Dict[str, Any]:
    fields = read_fields(data)
    status = read_fields(_single(fields, 15, 2, b""))
    flags = _single(fields, 16, 5)
    return {
        "trace_id": _single(fields, 1, 2, b"").hex(),
        "span_id": _single(fields, 2, 2, b"").hex(),
        "trace_state": _single(fields, 3, 2, b"").decode("utf-8"),
        "parent_span_id": _single(fields, 4, 2, b"").hex(),
        "name": _single(fields, 5, 2, b"").decode("utf-8"),
        "kind": _single(fields, 6, 0, 0),
        "start_time_unix_nano": int.from_bytes(_single(fields, 7, 1, bytes(8)), "little"),
        "end_time_unix_nano": int.from_bytes(_single(fields, 8, 1, bytes(8)), "little"),
        "attributes": decode_attributes(_only(fields, 9, 2)),
        "status_message": _single(status, 2, 2, b"").decode("utf-8"),
        "status_code": _single(status, 3, 0, 0),
        "flags": int.from_bytes(flags, "little") if flags is not None else None,
    }


def decode_export_trace_request(body: bytes) -> List[Dict[str, Any]]:
    """One dict per ResourceSpans: {"resource": {attributes}, "scopes": [{"name", "version", "spans"}]}."""
    resources = []
    for resource_spans in _only(read_fields(body), 1, 2):
        fields = read_fields(resource_spans)
        resource = decode_attributes(_only(read_fields(_single(fields, 1, 2, b"")), 1, 2))
        scopes = []
        for scope_spans in _only(fields, 2, 2):
            scope_fields = read_fields(scope_spans)
            scope = read_fields(_single(scope_fields, 1, 2, b""))
            scopes.append({
                "name": _single(scope, 1, 2, b"").decode("utf-8"),
                "version": _single(scope, 2, 2, b"").decode("utf-8"),
                "spans": [decode_span(span) for span in _only(scope_fields, 2, 2)],
            })
        resources.append({"resource": resource, "scopes": scopes})
    return resources


def all_spans(body: bytes) -> List[Dict[str, Any]]:
    return [span for resource in decode_export_trace_request(body) for scope in resource["scopes"] for span in scope["spans"]]
