"""Spans exported over OTLP/HTTP protobuf to a real local collector, end to end through the chat.

The collector is tests/scripted_server.py answering POST /v1/traces; bodies are decoded with
tests/otlp_decoder.py. The check that matters: the span id in the traceparent MemoryApi (or the LLM)
received is a CLIENT span we exported, whose parent is the request's SERVER span, so the dashboard
shows one tree Django → MemoryApi.
"""
import logging
import threading
import time

import pytest

from django.test import Client

from chat import telemetry_service
from chat.otlp.span_data import SpanKind, StatusCode
from chatsite.otel_env_config import otlp_traces_config
from tests.conftest import COLLECTOR_API_KEY
from tests.otlp_decoder import all_spans, decode_export_trace_request
from tests.scripted_server import ScriptedResponse

INCOMING_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
INCOMING_SPAN_ID = "00f067aa0ba902b7"
INCOMING = f"00-{INCOMING_TRACE_ID}-{INCOMING_SPAN_ID}-01"
CHAT_ROUTE = "/chat/<user_id:user_id>/"


@pytest.fixture
def client(client, accounts):
    client.force_login(accounts.ana)
    return client


def script_healthy_api(server):
    server.json_route("POST", "/search", {"results": []})
    server.json_route("POST", "/memories", {"results": []})


def post_chat(client, message="Hello", **headers):
    return client.post("/chat/ana/", {"message": message}, **headers)


def exported_spans(collector):
    assert telemetry_service.force_flush()
    return [span for request in collector.requests_to("POST", "/v1/traces") for span in all_spans(request.body)]


def ids_sent_in(request):
    _, trace_id, span_id, flags = request.headers["traceparent"].split("-")
    return trace_id, span_id, flags


def test_one_chat_turn_is_one_tree_server_span_then_a_client_span_per_memory_call(client, fake_memory_api, collector):
    script_healthy_api(fake_memory_api)

    response = post_chat(client, HTTP_TRACEPARENT=INCOMING)

    assert response.status_code == 302
    spans = exported_spans(collector)
    (server,) = [s for s in spans if s["kind"] == SpanKind.SERVER]
    assert server["trace_id"] == INCOMING_TRACE_ID
    assert server["parent_span_id"] == INCOMING_SPAN_ID  # continues the caller's span
    assert server["name"] == f"POST {CHAT_ROUTE}"
    assert server["attributes"] == {
        "http.request.method": "POST",
        "url.path": "/chat/ana/",
        "url.scheme": "http",
        "http.route": CHAT_ROUTE,
        "http.response.status_code": 302,
    }
    assert server["status_code"] == StatusCode.UNSET
    assert server["end_time_unix_nano"] >= server["start_time_unix_nano"] > 0

    for path in ("/search", "/memories"):
        (call,) = fake_memory_api.requests_to("POST", path)
        trace_id, span_id, flags = ids_sent_in(call)
        (client_span,) = [s for s in spans if s["span_id"] == span_id]
        assert (trace_id, flags) == (INCOMING_TRACE_ID, "01")
        assert client_span["kind"] == SpanKind.CLIENT
        assert client_span["trace_id"] == INCOMING_TRACE_ID
        assert client_span["parent_span_id"] == server["span_id"]
        assert client_span["name"] == f"POST {path}"
        assert client_span["attributes"]["http.response.status_code"] == 200
        assert client_span["attributes"]["url.template"] == path
        assert client_span["attributes"]["server.address"] == "127.0.0.1"
        assert server["start_time_unix_nano"] <= client_span["start_time_unix_nano"]
        assert client_span["end_time_unix_nano"] <= server["end_time_unix_nano"]
    assert len(spans) == 3


def test_the_export_request_is_protobuf_with_the_api_key_resource_and_scope(client, fake_memory_api, collector):
    script_healthy_api(fake_memory_api)
    post_chat(client)
    telemetry_service.force_flush()

    (request,) = collector.requests_to("POST", "/v1/traces")
    assert request.headers["content-type"] == "application/x-protobuf"
    assert request.headers["x-otlp-api-key"] == COLLECTOR_API_KEY
    (resource,) = decode_export_trace_request(request.body)
    assert resource["resource"] == {"service.name": "djangosample", "service.instance.id": "test-instance"}
    (scope,) = resource["scopes"]
    assert scope["name"] == "chat"
    assert len(scope["spans"]) == 3


def test_a_request_without_traceparent_starts_a_trace_with_a_root_server_span(client, fake_memory_api, collector):
    script_healthy_api(fake_memory_api)
    post_chat(client)

    spans = exported_spans(collector)
    (server,) = [s for s in spans if s["kind"] == SpanKind.SERVER]
    assert server["parent_span_id"] == ""
    assert {s["trace_id"] for s in spans} == {server["trace_id"]}


def test_the_llm_call_is_a_client_span_too(client, fake_memory_api, fake_llm, collector):
    script_healthy_api(fake_memory_api)
    fake_llm.json_route("POST", "/v1/chat/completions", {"choices": [{"message": {"content": "Hi Ana."}}]})

    post_chat(client)

    spans = exported_spans(collector)
    (server,) = [s for s in spans if s["kind"] == SpanKind.SERVER]
    (completion,) = fake_llm.requests
    _, span_id, _ = ids_sent_in(completion)
    (llm_span,) = [s for s in spans if s["span_id"] == span_id]
    assert llm_span["name"] == "chat test-model"
    assert llm_span["kind"] == SpanKind.CLIENT
    assert llm_span["parent_span_id"] == server["span_id"]
    assert llm_span["attributes"]["gen_ai.request.model"] == "test-model"
    assert llm_span["attributes"]["http.response.status_code"] == 200
    assert len(spans) == 4  # server, search, completion, write


def test_a_failed_memory_call_is_an_error_client_span_and_the_turn_still_answers(client, fake_memory_api, collector):
    fake_memory_api.route("POST", "/search", ScriptedResponse(500))
    fake_memory_api.json_route("POST", "/memories", {"results": []})

    assert post_chat(client).status_code == 302

    spans = exported_spans(collector)
    (search,) = [s for s in spans if s["name"] == "POST /search"]
    assert search["status_code"] == StatusCode.ERROR
    assert search["attributes"]["http.response.status_code"] == 500
    assert search["attributes"]["error.type"] == "500"
    assert "MemoryUnavailableError" in search["status_message"]
    (server,) = [s for s in spans if s["kind"] == SpanKind.SERVER]
    assert server["status_code"] == StatusCode.UNSET  # the page itself worked


def test_an_open_breaker_makes_no_call_and_so_no_client_span(client, fake_memory_api, collector, settings):
    settings.MEMORY_BREAKER_FAILURE_THRESHOLD = 1
    fake_memory_api.route("POST", "/search", ScriptedResponse(500))
    fake_memory_api.route("POST", "/memories", ScriptedResponse(500))
    post_chat(client)  # the search fails and opens the circuit; the write fails fast

    spans = exported_spans(collector)
    assert [s["name"] for s in spans if s["kind"] == SpanKind.CLIENT] == ["POST /search"]
    assert fake_memory_api.request_count == 1


def test_a_view_exception_makes_the_server_span_an_error(accounts, collector, monkeypatch):
    def broken_turn(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("chat.views.chat.run_chat_turn", broken_turn)
    browser = Client(raise_request_exception=False)
    browser.force_login(accounts.ana)
    response = post_chat(browser)

    assert response.status_code == 500
    (server,) = exported_spans(collector)
    assert server["status_code"] == StatusCode.ERROR
    assert server["status_message"] == "RuntimeError"
    assert server["attributes"]["error.type"] == "RuntimeError"
    assert server["attributes"]["http.response.status_code"] == 500


def test_an_unmatched_url_is_named_by_method_and_path_and_4xx_is_no_server_error(client, collector):
    assert client.get("/nowhere/").status_code == 404
    (server,) = exported_spans(collector)
    assert server["name"] == "GET /nowhere/"
    assert "http.route" not in server["attributes"]
    assert server["status_code"] == StatusCode.UNSET


def test_the_index_page_route_is_slash(client, collector):
    client.get("/")
    (server,) = exported_spans(collector)
    assert (server["name"], server["attributes"]["http.route"]) == ("GET /", "/")


def test_an_unsampled_trace_is_propagated_but_not_exported(client, fake_memory_api, collector):
    script_healthy_api(fake_memory_api)
    post_chat(client, HTTP_TRACEPARENT=INCOMING[:-2] + "00")

    assert exported_spans(collector) == []
    assert collector.request_count == 0
    for call in fake_memory_api.requests:
        trace_id, _, flags = ids_sent_in(call)
        assert (trace_id, flags) == (INCOMING_TRACE_ID, "00")


def test_spans_are_sent_on_the_schedule_without_a_flush(client, fake_memory_api, collector, settings):
    settings.OTLP_TRACES = otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": collector.url, "OTEL_BSP_SCHEDULE_DELAY": "50"})
    script_healthy_api(fake_memory_api)
    post_chat(client)

    deadline = time.monotonic() + 5
    while not collector.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(all_spans(collector.requests[0].body)) == 3


# --- off, misconfigured, or down: the chat never notices --------------------------------------


def test_no_export_and_no_thread_when_unconfigured(client, fake_memory_api):
    script_healthy_api(fake_memory_api)
    threads_before = set(threading.enumerate())

    assert post_chat(client).status_code == 302

    assert telemetry_service.get_span_exporter() is None
    assert telemetry_service.force_flush() is True
    assert not [t for t in set(threading.enumerate()) - threads_before if t.name == "otlp-span-exporter"]


def test_grpc_is_refused_with_one_warning_and_the_chat_works(client, fake_memory_api, settings, caplog):
    settings.OTLP_TRACES = otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    script_healthy_api(fake_memory_api)

    with caplog.at_level(logging.WARNING):
        assert post_chat(client, "one").status_code == 302
        assert post_chat(client, "two").status_code == 302

    warnings = [r.getMessage() for r in caplog.records if "gRPC is not supported" in r.getMessage()]
    assert len(warnings) == 1
    assert telemetry_service.get_span_exporter() is None


def test_a_down_collector_never_breaks_a_chat_request(client, fake_memory_api, settings, caplog, unreachable_url):
    settings.OTLP_TRACES = otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": unreachable_url, "OTEL_BSP_SCHEDULE_DELAY": "60000"})
    script_healthy_api(fake_memory_api)

    with caplog.at_level(logging.WARNING):
        for message in ("one", "two"):
            response = post_chat(client, message, follow=True)
            assert response.status_code == 200
            assert "You said: “" + message in response.content.decode()
        assert telemetry_service.force_flush() is False
        assert telemetry_service.force_flush() is True  # the failed batch was dropped, nothing is left

    failures = [r for r in caplog.records if "Could not export" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].levelno == logging.WARNING


def test_a_hanging_collector_does_not_slow_requests_down(client, fake_memory_api, settings, collector):
    release = threading.Event()
    collector.route("POST", "/v1/traces", ScriptedResponse(200, b"", wait_for=release))
    settings.OTLP_TRACES = otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": collector.url, "OTEL_BSP_SCHEDULE_DELAY": "10"})
    script_healthy_api(fake_memory_api)
    post_chat(client, "first")  # its spans go out and the export hangs
    deadline = time.monotonic() + 5
    while not collector.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert collector.requests

    try:
        started = time.monotonic()
        for message in ("second", "third"):
            assert post_chat(client, message).status_code == 302
        assert time.monotonic() - started < 1.0
    finally:
        release.set()

