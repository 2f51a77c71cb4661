"""The OTLP protobuf encoder, checked by decoding its bytes with tests/otlp_decoder.py (an independent
decoder written from the wire-format rules) and against bytes worked out by hand."""
import pytest

from chat.otlp.protobuf_wire import fixed32_field, tag, varint
from chat.otlp.span_data import SpanData, SpanKind, StatusCode
from chat.otlp.trace_request import encode_export_trace_request
from tests.otlp_decoder import decode_export_trace_request, read_fields

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN_ID = "00f067aa0ba902b7"
PARENT_ID = "53995c3f42cd8ad8"
START = 1_700_000_000_123_456_789
END = START + 2_500_000


def span(**overrides):
    values = dict(
        trace_id=TRACE_ID,
        span_id=SPAN_ID,
        parent_span_id=PARENT_ID,
        name="POST /search",
        kind=SpanKind.CLIENT,
        start_time_unix_nano=START,
        end_time_unix_nano=END,
    )
    values.update(overrides)
    return SpanData(**values)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "00"),
        (1, "01"),
        (127, "7f"),
        (128, "8001"),
        (300, "ac02"),  # the example in the protobuf encoding guide
        (1 << 63, "80808080808080808001"),
        (-1, "ffffffffffffffffff01"),  # negative int64: two's complement, always ten bytes
    ],
)
def test_varint_bytes(value, expected):
    assert varint(value).hex() == expected


def test_tags_combine_field_number_and_wire_type():
    assert tag(1, 2).hex() == "0a"
    assert tag(15, 2).hex() == "7a"
    assert tag(16, 5).hex() == "8501"  # past field 15 the tag needs two bytes
    assert fixed32_field(16, 1).hex() == "850101000000"


def test_a_tiny_request_matches_bytes_worked_out_by_hand():
    # KeyValue{key="k", value=AnyValue{string_value="v"}} = 0a 01 6b | 12 03 0a 01 76      (8 bytes)
    # Resource{attributes=[that]}                       = 0a 08 <8>                      (10 bytes)
    # ScopeSpans{scope=InstrumentationScope{name="s"}}  = 0a 03 0a 01 73                 (5 bytes)
    # ResourceSpans{resource, scope_spans}              = 0a 0a <10> 12 05 <5>           (19 bytes)
    # ExportTraceServiceRequest{resource_spans=[that]}  = 0a 13 <19>
    expected = "0a13" + "0a0a" + "0a08" + "0a016b" + "1203" + "0a0176" + "1205" + "0a03" + "0a0173"
    assert encode_export_trace_request({"k": "v"}, "s", []).hex() == expected


def test_resource_scope_and_span_fields_round_trip():
    body = encode_export_trace_request(
        {"service.name": "djangosample", "service.instance.id": "xyz"},
        "chat",
        [span(attributes={"http.request.method": "POST", "http.response.status_code": 200})],
        scope_version="1.0",
    )

    (resource,) = decode_export_trace_request(body)
    assert resource["resource"] == {"service.name": "djangosample", "service.instance.id": "xyz"}
    (scope,) = resource["scopes"]
    assert (scope["name"], scope["version"]) == ("chat", "1.0")
    (decoded,) = scope["spans"]
    assert decoded == {
        "trace_id": TRACE_ID,
        "span_id": SPAN_ID,
        "trace_state": "",
        "parent_span_id": PARENT_ID,
        "name": "POST /search",
        "kind": 3,
        "start_time_unix_nano": START,
        "end_time_unix_nano": END,
        "attributes": {"http.request.method": "POST", "http.response.status_code": 200},
        "status_message": "",
        "status_code": 0,
        "flags": 1,
    }


def test_span_wire_types_are_the_ones_the_proto_declares():
    body = encode_export_trace_request({}, "chat", [span(status_code=StatusCode.ERROR, status_message="boom", attributes={"a": 1})])
    wire_types = {number: wire_type for number, wire_type, _ in read_fields(_first_span_bytes(body))}
    # 0 = varint, 1 = fixed64, 2 = length-delimited, 5 = fixed32
    assert wire_types == {1: 2, 2: 2, 4: 2, 5: 2, 6: 0, 7: 1, 8: 1, 9: 2, 15: 2, 16: 5}


def test_every_attribute_type_and_default_values_survive():
    attributes = {"text": "é ✓", "empty": "", "yes": True, "no": False, "zero": 0, "negative": -42,
                  "big": (1 << 63) - 1, "ratio": 0.25, "float_zero": 0.0}
    body = encode_export_trace_request({}, "chat", [span(attributes=attributes)])
    (decoded,) = decode_export_trace_request(body)[0]["scopes"][0]["spans"]
    assert decoded["attributes"] == attributes
    assert [type(value) for value in decoded["attributes"].values()] == [type(value) for value in attributes.values()]


def test_a_root_span_has_no_parent_and_unset_status_is_left_out():
    body = encode_export_trace_request({}, "chat", [span(parent_span_id=None, kind=SpanKind.SERVER)])
    (decoded,) = decode_export_trace_request(body)[0]["scopes"][0]["spans"]
    assert decoded["parent_span_id"] == ""
    assert decoded["kind"] == 2
    span_fields = {number for number, _, _ in read_fields(_first_span_bytes(body))}
    assert 4 not in span_fields and 15 not in span_fields


def test_error_status_carries_code_and_message():
    body = encode_export_trace_request({}, "chat", [span(status_code=StatusCode.ERROR, status_message="MemoryUnavailableError")])
    (decoded,) = decode_export_trace_request(body)[0]["scopes"][0]["spans"]
    assert (decoded["status_code"], decoded["status_message"]) == (2, "MemoryUnavailableError")


def test_unsampled_flags_and_several_spans():
    body = encode_export_trace_request({}, "chat", [span(name="one"), span(name="two", span_id="1" * 16, trace_flags=0)])
    spans = decode_export_trace_request(body)[0]["scopes"][0]["spans"]
    assert [(s["name"], s["span_id"], s["flags"]) for s in spans] == [("one", SPAN_ID, 1), ("two", "1" * 16, None)]


def test_invalid_input_is_refused():
    with pytest.raises(TypeError, match="'odd'"):
        encode_export_trace_request({}, "chat", [span(attributes={"odd": [1, 2]})])
    with pytest.raises(ValueError, match="span_id must be 8 bytes"):
        encode_export_trace_request({}, "chat", [span(span_id="00f067aa")])
    with pytest.raises(ValueError):
        encode_export_trace_request({}, "chat", [span(attributes={"huge": 1 << 63})])


def _first_span_bytes(body):
    resource_spans = read_fields(body)[0][2]
    scope_spans = [value for number, _, value in read_fields(resource_spans) if number == 2][0]
    return [value for number, _, value in read_fields(scope_spans) if number == 2][0]
