"""MemoryClient against a real local HTTP server: routes, headers, timeouts and the circuit breaker."""
import re
import threading
import time

import pytest

from chat.circuit_breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from chat.memory_client import MemoryApiError, MemoryClient, MemoryUnavailableError
from chat.trace_context import TraceContext
from tests.scripted_server import ScriptedHttpServer, ScriptedResponse

TRACEPARENT = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-01$")
MEMORY_ID = "8d3e5a52-4c1b-4a51-9d0e-2f1c1d7c0a11"


@pytest.fixture
def server():
    server = ScriptedHttpServer().start()
    yield server
    server.stop()


def make_client(url, clock=time.monotonic, threshold=3, open_seconds=30.0, timeout=0.5, api_key=None):
    breaker = CircuitBreaker(failure_threshold=threshold, open_seconds=open_seconds, clock=clock)
    return MemoryClient(url, api_key=api_key, timeout_seconds=timeout, write_timeout_seconds=timeout, breaker=breaker)


def fail_with_500(server):
    server.route("POST", "/search", ScriptedResponse(500, {"title": "boom"}))


def search(client):
    return client.search("where do I live?", "ana", 5, TraceContext.new_root())


# --- routes and headers ---------------------------------------------------------------------


def test_search_posts_query_user_and_limit_and_returns_results(server):
    server.json_route("POST", "/search", {"results": [{"id": MEMORY_ID, "memory": "Lives in Lisbon", "user_id": "ana"}]})
    client = make_client(server.url)

    results = client.search("where do I live?", "ana", 5, TraceContext.new_root())

    assert results == [{"id": MEMORY_ID, "memory": "Lives in Lisbon", "user_id": "ana"}]
    (request,) = server.requests_to("POST", "/search")
    assert request.json() == {"query": "where do I live?", "user_id": "ana", "limit": 5, "mode": "hybrid"}


def test_api_key_is_sent_as_token_authorization(server):
    server.json_route("POST", "/search", {"results": []})
    search(make_client(server.url, api_key="s3cret"))
    assert server.requests[0].headers["authorization"] == "Token s3cret"


def test_no_authorization_header_without_api_key(server):
    server.json_route("POST", "/search", {"results": []})
    search(make_client(server.url, api_key=None))
    assert "authorization" not in server.requests[0].headers


def test_every_call_is_its_own_span_in_the_given_trace(server):
    server.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    server.json_route("GET", f"/memories/{MEMORY_ID}/history", {"results": []})
    trace = TraceContext.new_root()
    client = make_client(server.url)

    client.list_memories("ana", 100, trace)
    client.history(MEMORY_ID, trace)

    headers = [r.headers["traceparent"] for r in server.requests]
    assert all(TRACEPARENT.match(header) for header in headers)
    assert {header.split("-")[1] for header in headers} == {trace.trace_id}
    # Each call's CLIENT span: a new span id per call, never the request's own span id.
    span_ids = [header.split("-")[2] for header in headers]
    assert len(set(span_ids)) == 2 and trace.span_id not in span_ids


def test_list_sends_user_id_and_limit_as_query(server):
    server.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    make_client(server.url).list_memories("ana", 100, TraceContext.new_root())
    assert server.requests[0].query == {"user_id": ["ana"], "limit": ["100"]}


def test_ids_are_quoted_into_a_single_path_segment(server):
    server.json_route("GET", "/memories/a%2F..%2Freset/history", {"results": []})
    make_client(server.url).history("a/../reset", TraceContext.new_root())
    assert server.requests[0].path == "/memories/a%2F..%2Freset/history"


def test_revert_posts_history_id(server):
    server.json_route("POST", f"/memories/{MEMORY_ID}/revert", {"id": MEMORY_ID, "memory": "old text"})
    updated = make_client(server.url).revert_memory(MEMORY_ID, "h-1", TraceContext.new_root())
    assert updated["memory"] == "old text"
    assert server.requests[0].json() == {"history_id": "h-1"}


def test_4xx_raises_api_error_with_problem_detail(server):
    server.json_route("GET", f"/memories/{MEMORY_ID}", {"title": "Not Found", "detail": "no such memory"}, status=404)
    with pytest.raises(MemoryApiError) as raised:
        make_client(server.url).get_memory(MEMORY_ID, TraceContext.new_root())
    assert raised.value.status_code == 404
    assert raised.value.detail == "no such memory"


def test_malformed_success_body_is_unavailable(server):
    server.json_route("POST", "/search", {"unexpected": True})
    with pytest.raises(MemoryUnavailableError):
        search(make_client(server.url))


# --- timeouts and failures ------------------------------------------------------------------


def test_slow_server_times_out_quickly(server):
    server.route("POST", "/search", ScriptedResponse(body={"results": []}, delay_seconds=2.0))
    client = make_client(server.url, timeout=0.2)

    started = time.monotonic()
    with pytest.raises(MemoryUnavailableError, match="timed out"):
        search(client)

    assert time.monotonic() - started < 1.5
    assert len(server.requests) == 1


def test_connection_refused_is_unavailable(unreachable_url):
    with pytest.raises(MemoryUnavailableError, match="ConnectionError"):
        search(make_client(unreachable_url))


# --- circuit breaker ------------------------------------------------------------------------


def test_breaker_opens_after_n_consecutive_failures_then_fails_fast_without_network(server):
    fail_with_500(server)
    client = make_client(server.url, threshold=3)

    for _ in range(3):
        with pytest.raises(MemoryUnavailableError):
            search(client)
    assert client.breaker.state == OPEN
    assert server.request_count == 3

    with pytest.raises(MemoryUnavailableError, match="circuit open"):
        search(client)
    assert server.request_count == 3  # the fourth call never reached the server


def test_timeouts_count_as_failures(server, clock):
    server.route("POST", "/search", ScriptedResponse(body={"results": []}, delay_seconds=1.0))
    client = make_client(server.url, clock=clock, threshold=2, timeout=0.2)
    for _ in range(2):
        with pytest.raises(MemoryUnavailableError):
            search(client)
    assert client.breaker.state == OPEN


def test_breaker_stays_closed_below_threshold(server):
    fail_with_500(server)
    client = make_client(server.url, threshold=3)
    for _ in range(2):
        with pytest.raises(MemoryUnavailableError):
            search(client)
    assert client.breaker.state == CLOSED


def test_a_success_resets_the_consecutive_failure_count(server):
    server.route(
        "POST",
        "/search",
        ScriptedResponse(500),
        ScriptedResponse(500),
        ScriptedResponse(200, {"results": []}),
        ScriptedResponse(500),
        ScriptedResponse(500),
    )
    client = make_client(server.url, threshold=3)
    outcomes = []
    for _ in range(5):
        try:
            search(client)
            outcomes.append("ok")
        except MemoryUnavailableError:
            outcomes.append("failed")
    assert outcomes == ["failed", "failed", "ok", "failed", "failed"]
    assert client.breaker.state == CLOSED


def test_4xx_answers_do_not_open_the_breaker(server):
    server.json_route("GET", f"/memories/{MEMORY_ID}", {"title": "Not Found"}, status=404)
    client = make_client(server.url, threshold=2)
    for _ in range(4):
        with pytest.raises(MemoryApiError):
            client.get_memory(MEMORY_ID, TraceContext.new_root())
    assert client.breaker.state == CLOSED
    assert server.request_count == 4


def test_half_open_probe_success_closes_the_circuit(server, clock):
    server.route("POST", "/search", ScriptedResponse(500), ScriptedResponse(500), ScriptedResponse(200, {"results": []}))
    client = make_client(server.url, clock=clock, threshold=2, open_seconds=30)
    for _ in range(2):
        with pytest.raises(MemoryUnavailableError):
            search(client)

    clock.advance(29.9)
    with pytest.raises(MemoryUnavailableError, match="circuit open"):
        search(client)
    assert server.request_count == 2

    clock.advance(0.1)
    assert client.breaker.state == HALF_OPEN
    assert search(client) == []  # the probe reached the server and succeeded
    assert server.request_count == 3
    assert client.breaker.state == CLOSED


def test_half_open_probe_failure_reopens_for_another_period(server, clock):
    fail_with_500(server)
    client = make_client(server.url, clock=clock, threshold=2, open_seconds=30)
    for _ in range(2):
        with pytest.raises(MemoryUnavailableError):
            search(client)

    clock.advance(30)
    with pytest.raises(MemoryUnavailableError, match="500"):
        search(client)  # the probe
    assert server.request_count == 3
    assert client.breaker.state == OPEN

    clock.advance(29)
    with pytest.raises(MemoryUnavailableError, match="circuit open"):
        search(client)
    assert server.request_count == 3  # reopened: failing fast again, no network


def test_half_open_admits_only_one_probe_at_a_time(server, clock):
    release_probe = threading.Event()
    server.route("POST", "/search", ScriptedResponse(500), ScriptedResponse(500),
                 ScriptedResponse(200, {"results": []}, wait_for=release_probe))
    client = make_client(server.url, clock=clock, threshold=2, open_seconds=30, timeout=5)
    for _ in range(2):
        with pytest.raises(MemoryUnavailableError):
            search(client)
    clock.advance(30)

    probe_result = {}
    probe = threading.Thread(target=lambda: probe_result.setdefault("value", search(client)))
    probe.start()
    deadline = time.monotonic() + 5
    while server.request_count < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.request_count == 3  # the probe is in flight

    with pytest.raises(MemoryUnavailableError, match="circuit open"):
        search(client)  # a second caller while the probe is out fails fast
    assert server.request_count == 3

    release_probe.set()
    probe.join(5)
    assert probe_result == {"value": []}
    assert client.breaker.state == CLOSED


# --- queued adds and idempotency ------------------------------------------------------------

EVENT_ID = "01a22ac8-06ac-7509-9068-f91cc4d1da24"


def test_add_messages_sends_the_idempotency_key_when_given(server):
    server.json_route("POST", "/memories", {"results": []})
    client = make_client(server.url)

    client.add_messages([{"role": "user", "content": "hi"}], "ana", TraceContext.new_root(), idempotency_key="turn-42")
    client.add_messages([{"role": "user", "content": "hi"}], "ana", TraceContext.new_root())

    first, second = server.requests_to("POST", "/memories")
    assert first.headers["idempotency-key"] == "turn-42"
    assert "idempotency-key" not in second.headers


def test_add_messages_async_queues_the_add_and_returns_its_event_id(server):
    server.json_route("POST", "/memories", {"event_id": EVENT_ID, "status": "PENDING"}, status=202)
    client = make_client(server.url)

    event_id = client.add_messages_async([{"role": "user", "content": "I live in Lisbon."}], "ana", TraceContext.new_root(),
                                         idempotency_key="turn-7")

    assert event_id == EVENT_ID
    (request,) = server.requests_to("POST", "/memories")
    assert request.query == {"async": ["true"]}
    assert request.headers["idempotency-key"] == "turn-7"
    assert request.json() == {"messages": [{"role": "user", "content": "I live in Lisbon."}], "user_id": "ana"}


def test_wait_for_event_long_polls_with_a_bounded_wait_and_returns_the_event(server):
    event = {"id": EVENT_ID, "status": "SUCCEEDED", "results": [{"id": MEMORY_ID, "memory": "I live in Lisbon.", "event": "ADD"}]}
    server.route("GET", f"/events/{EVENT_ID}", ScriptedResponse(200, event, delay_seconds=0.8))
    client = make_client(server.url, timeout=0.5)

    found = client.wait_for_event(EVENT_ID, TraceContext.new_root(), wait_seconds=60)

    assert found == event
    (request,) = server.requests_to("GET", f"/events/{EVENT_ID}")
    assert request.query == {"wait": ["30000ms"]}


def test_a_garbled_event_counts_as_unavailable(server):
    server.json_route("GET", f"/events/{EVENT_ID}", {"status": "DONE?"})
    with pytest.raises(MemoryUnavailableError):
        make_client(server.url).wait_for_event(EVENT_ID, TraceContext.new_root(), wait_seconds=1)
