"""W3C traceparent generation, parsing and continuation."""
import re

import pytest

from chat.trace_context import TraceContext

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-01$")
VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_new_root_is_well_formed_sampled_and_random():
    first, second = TraceContext.new_root(), TraceContext.new_root()
    assert TRACEPARENT.match(first.traceparent)
    assert first.trace_id != second.trace_id
    assert first.span_id != second.span_id


def test_valid_incoming_header_is_continued_with_a_new_span():
    context = TraceContext.for_incoming_request(VALID)
    assert context.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert context.span_id != "00f067aa0ba902b7"
    assert TRACEPARENT.match(context.traceparent)


def test_unsampled_incoming_trace_stays_unsampled():
    context = TraceContext.for_incoming_request("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
    assert context.traceparent.endswith("-00")


def test_future_version_with_extra_fields_is_accepted_and_sent_as_version_00():
    context = TraceContext.for_incoming_request("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")
    assert context.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert context.traceparent.startswith("00-")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "garbage",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  # zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  # forbidden version
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  # uppercase
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  # short trace id
        VALID + "-extra",  # version 00 has exactly four fields
    ],
)
def test_invalid_incoming_header_starts_a_new_trace(header):
    assert TraceContext.parse(header) is None
    context = TraceContext.for_incoming_request(header)
    assert TRACEPARENT.match(context.traceparent)
    assert context.trace_id != "4bf92f3577b34da6a3ce929d0e0e4736"


def test_a_child_span_remembers_its_parent():
    request = TraceContext.for_incoming_request(VALID)
    call = request.child_span()
    assert request.parent_span_id == "00f067aa0ba902b7"  # the caller's span
    assert call.parent_span_id == request.span_id
    assert call.trace_id == request.trace_id and call.span_id != request.span_id
    assert TraceContext.new_root().parent_span_id is None


def test_sampled_reads_the_sampled_flag():
    assert TraceContext.for_incoming_request(VALID).sampled is True
    assert TraceContext.parse(VALID[:-2] + "00").sampled is False
    assert TraceContext.parse(VALID[:-2] + "03").sampled is True  # other bits do not matter
