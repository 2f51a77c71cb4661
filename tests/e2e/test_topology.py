"""The whole system with real processes and a real browser: chat, caregiver page, incognito,
distillation and one trace across DjangoSample and MemoryApi."""
import time
import urllib.parse

from pages import caregiver_memories, send_chat, trace_id


def test_a_chat_fact_appears_on_the_caregiver_page(topology, browser):
    reply = send_chat(browser, topology.django, "e2e-ana", "I don't like being touched on the shoulder.")

    assert reply.strip()
    assert "I don't like being touched on the shoulder." in caregiver_memories(browser, topology.django, "e2e-ana")


def test_incognito_writes_nothing(topology, browser):
    reply = send_chat(browser, topology.django, "e2e-bob", "I live in Lisbon with my cat.", incognito=True)

    assert reply.strip()
    assert caregiver_memories(browser, topology.django, "e2e-bob") == []
    assert topology.call("GET", f"{topology.api}/memories?user_id=e2e-bob")["results"] == []
    assert topology.call("GET", f"{topology.api}/turns?user_id=e2e-bob")["results"] == []


def test_one_trace_spans_django_memoryapi_and_postgresql(topology, browser):
    send_chat(browser, topology.django, "e2e-dora", "My favourite colour is green.")
    trace = trace_id(browser)

    deadline = time.time() + 20
    sources = set()
    while time.time() < deadline and not {"Microsoft.AspNetCore", "Npgsql", "MemoryCore"} <= sources:
        sources = {s["source"] for s in topology.spans("memoryapi") if s["trace_id"] == trace}
        time.sleep(0.5)

    assert {"Microsoft.AspNetCore", "Npgsql", "MemoryCore"} <= sources, f"trace {trace} had only {sources}"


def test_distillation_writes_patterns_once(topology):
    for run in ("r1", "r2", "r3"):
        topology.call("POST", f"{topology.api}/memories",
                      {"messages": [{"role": "user", "content": f"Today I went swimming at the pool ({run})."}],
                       "user_id": "e2e-carla", "run_id": run})
    distilled = f"{topology.api}/memories?" + urllib.parse.urlencode({"user_id": "e2e-carla", "agent_id": "distillation"})

    first = topology.call("POST", f"{topology.worker}/distill/run")
    after_first = topology.call("GET", distilled)["results"]
    second = topology.call("POST", f"{topology.worker}/distill/run")
    after_second = topology.call("GET", distilled)["results"]

    assert after_first, f"the first run wrote nothing: {first}"
    assert all(m["agent_id"] == "distillation" for m in after_first)
    assert any("swim" in m["memory"].lower() for m in after_first)
    assert [m["id"] for m in after_second] == [m["id"] for m in after_first], f"the second run added memories: {second}"
