"""Protocol Buffers wire format, encoding half only (https://protobuf.dev/programming-guides/encoding/).

A message is a sequence of fields; each field is a tag (field number << 3 | wire type) as a varint,
followed by the value in the wire type's layout. Repeated fields are the same field written again;
an embedded message is a length-delimited field whose bytes are that message.
"""
import struct

VARINT = 0
FIXED64 = 1
LENGTH_DELIMITED = 2
FIXED32 = 5

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_UINT64_LIMIT = 1 << 64


def varint(value: int) -> bytes:
    """Base-128, least significant group first, high bit set on every byte but the last.

    Negative values (int64, enums) are written as their 64-bit two's complement, always 10 bytes.
    """
    if not _INT64_MIN <= value < _UINT64_LIMIT:
        raise ValueError(f"{value} does not fit in 64 bits")
    value &= _UINT64_LIMIT - 1
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def tag(field_number: int, wire_type: int) -> bytes:
    return varint(field_number << 3 | wire_type)


def varint_field(field_number: int, value: int) -> bytes:
    return tag(field_number, VARINT) + varint(value)


def int64_field(field_number: int, value: int) -> bytes:
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise ValueError(f"{value} does not fit in an int64")
    return varint_field(field_number, value)


def bool_field(field_number: int, value: bool) -> bytes:
    return varint_field(field_number, 1 if value else 0)


def fixed64_field(field_number: int, value: int) -> bytes:
    return tag(field_number, FIXED64) + struct.pack("<Q", value)


def double_field(field_number: int, value: float) -> bytes:
    return tag(field_number, FIXED64) + struct.pack("<d", value)


def fixed32_field(field_number: int, value: int) -> bytes:
    return tag(field_number, FIXED32) + struct.pack("<I", value)


def bytes_field(field_number: int, value: bytes) -> bytes:
    return tag(field_number, LENGTH_DELIMITED) + varint(len(value)) + value


def string_field(field_number: int, value: str) -> bytes:
    return bytes_field(field_number, value.encode("utf-8"))


# An embedded message is written exactly like bytes; the alias says which one is meant.
message_field = bytes_field
