"""One trace spans DjangoSample -> MemoryApi -> the LLM call -> PostgreSQL, in real processes: the chat page's
trace id is followed through MemoryApi's exported spans (its own topology, with an OpenAI-compatible LLM)."""
import time

import pytest

import fake_llm
from conftest import Topology
from pages import send_chat, trace_id


@pytest.fixture(scope="module")
def llm():
    server = fake_llm.start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def topology(llm):
    running = Topology({
        "Llm__BaseUrl": f"http://127.0.0.1:{llm.server_address[1]}/v1",
        "Llm__Model": "fake-chat",
        "Llm__MaxRetries": "0",
        "Graph__Extractor": "heuristic",
    })
    yield running
    running.stop()


def test_one_trace_from_the_chat_through_the_llm_to_postgresql(topology, llm, browser):
    send_chat(browser, topology.django, "e2e-fay", "I really like green tea.")
    trace = trace_id(browser)

    wanted = {"Microsoft.AspNetCore", "MemoryCore", "MemoryCore.Llm", "System.Net.Http", "Npgsql"}
    deadline = time.time() + 20
    spans = []
    while time.time() < deadline:
        spans = [s for s in topology.spans("memoryapi") if s["trace_id"] == trace]
        if wanted <= {s["source"] for s in spans}:
            break
        time.sleep(0.5)

    assert wanted <= {s["source"] for s in spans}, f"trace {trace} had only {sorted({s['source'] for s in spans})}"
    llm_calls = [r for r in llm.requests if r["path"].endswith("/chat/completions")]
    assert llm_calls and all(r["traceparent"] and r["traceparent"].split("-")[1] == trace for r in llm_calls)
    assert any(m["memory"] == "Likes green tea" for m in topology.call("GET", f"{topology.api}/memories?user_id=e2e-fay")["results"])
