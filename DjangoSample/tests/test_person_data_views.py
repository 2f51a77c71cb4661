"""Export and erase on the caregiver page, against a scripted MemoryApi (its /users/{userId} routes)."""
import json
import logging
import re

import pytest
from django.test import Client

from chat.models import Person
from tests.scripted_server import ScriptedResponse

EXPORT = {
    "user_id": "ana",
    "exported_at": "2026-11-30T14:05:03.1234567+00:00",
    "memories": [{"id": "m-1", "memory": "Ana mora em São Paulo", "user_id": "ana"}],
    "history": [{"id": "h-1", "memory_id": "m-1", "event": "ADD", "new_memory": "Ana mora em São Paulo"}],
    "turns": [{"seq": 1, "role": "user", "content": "Eu moro em São Paulo", "user_id": "ana"}],
    "graph": {"nodes": [{"name": "ana"}], "edges": []},
    "events": [{"id": "e-1"}],
}
ERASURE = {
    "user_id": "ana",
    "erased_at": "2026-11-30T14:05:03+00:00",
    "audit_id": "4f1c2d3e-0000-4000-8000-000000000001",
    "counts": {"memories": 1, "history_rows_redacted": 3, "turns": 2, "graph_nodes": 0, "graph_edges": 0, "events": 1},
}


@pytest.fixture
def client(client, accounts):
    """The browser of carol, ana's caregiver."""
    client.force_login(accounts.carol)
    return client


def flash(response):
    return " ".join(re.findall(r'<p class="flash [^"]*"[^>]*>(.*?)</p>', response.content.decode(), re.S))


# --- export ----------------------------------------------------------------------------------


def test_export_downloads_the_persons_document_as_a_json_file(client, fake_memory_api, settings):
    settings.MEMORY_API_KEY = "app-key"
    fake_memory_api.json_route("GET", "/users/ana/export", EXPORT)

    response = client.get("/caregiver/ana/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert re.fullmatch(r'attachment; filename="memories-ana-\d{8}-\d{4}\.json"', response["Content-Disposition"])
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content.decode("utf-8")) == EXPORT
    assert "São Paulo" in response.content.decode("utf-8")  # readable, not \u-escaped
    (request,) = fake_memory_api.requests
    assert (request.method, request.path, request.headers["authorization"]) == ("GET", "/users/ana/export", "Token app-key")


def test_the_caregiver_page_offers_export_and_erase(client, fake_memory_api):
    fake_memory_api.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    html = client.get("/caregiver/ana/").content.decode()
    assert '<a href="/caregiver/ana/export/" id="export">' in html
    assert '<a href="/caregiver/ana/erase/" id="erase">' in html


def test_export_while_memory_api_is_down_is_a_friendly_notice(client, settings, unreachable_url):
    settings.MEMORY_API_URL = unreachable_url
    response = client.get("/caregiver/ana/export/")
    assert response.status_code == 302 and response.url == "/caregiver/ana/"
    assert "could not be made" in flash(client.get("/caregiver/ana/"))


def test_export_refused_by_memory_api_shows_its_reason(client, fake_memory_api):
    fake_memory_api.json_route("GET", "/users/ana/export", {"title": "Forbidden", "detail": "This key may not export"}, status=403)
    response = client.get("/caregiver/ana/export/", follow=True)
    assert "This key may not export" in flash(response)


@pytest.mark.parametrize("foreign", [
    {**EXPORT, "user_id": "bob"},
    {**EXPORT, "memories": [*EXPORT["memories"], {"id": "m-9", "memory": "Bob's secret", "user_id": "bob"}]},
    {**EXPORT, "turns": [{"seq": 9, "role": "user", "content": "Bob's secret", "user_id": "bob"}]},
])
def test_an_export_holding_someone_elses_data_is_never_given_out(client, fake_memory_api, caplog, foreign):
    fake_memory_api.json_route("GET", "/users/ana/export", foreign)
    fake_memory_api.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    response = client.get("/caregiver/ana/export/", follow=True)
    assert "Bob" not in response.content.decode()
    assert "not this person" in flash(response)
    assert any(r.levelno == logging.ERROR and "another user" in r.getMessage() for r in caplog.records)


# --- erase -----------------------------------------------------------------------------------


def test_erase_asks_for_confirmation_first_and_get_changes_nothing(client, fake_memory_api):
    html = client.get("/caregiver/ana/erase/").content.decode()
    assert 'id="erase-form"' in html and 'name="confirm" value="yes"' in html and "csrfmiddlewaretoken" in html
    unconfirmed = client.post("/caregiver/ana/erase/", {})
    assert unconfirmed.status_code == 400 and 'id="erase-error"' in unconfirmed.content.decode()
    assert fake_memory_api.request_count == 0


def test_confirmed_erase_deletes_the_person_and_shows_the_counts(client, fake_memory_api):
    fake_memory_api.json_route("DELETE", "/users/ana", ERASURE)
    fake_memory_api.json_route("GET", "/memories", {"results": [], "next_cursor": None})

    response = client.post("/caregiver/ana/erase/", {"confirm": "yes"})

    assert response.status_code == 302 and response.url == "/caregiver/ana/"
    assert [(r.method, r.path) for r in fake_memory_api.requests] == [("DELETE", "/users/ana")]
    page = client.get("/caregiver/ana/")
    assert flash(page) == (
        "Everything stored about ana was erased: 1 memory, 3 history rows redacted, 2 conversation turns, "
        "0 graph nodes, 0 graph edges, 1 event. The audit record 4f1c2d3e-0000-4000-8000-000000000001 keeps "
        "these counts, not the content."
    )
    assert 'id="no-memories"' in page.content.decode()
    assert Person.objects.get(user_id="ana").erased_at is not None


def test_erase_while_memory_api_is_down_says_so_instead_of_failing(client, settings, unreachable_url):
    settings.MEMORY_API_URL = unreachable_url
    response = client.post("/caregiver/ana/erase/", {"confirm": "yes"}, follow=True)
    assert response.status_code == 503  # the caregiver page it lands on, which cannot list either
    assert "The erase did not complete" in flash(response)
    assert Person.objects.get(user_id="ana").erased_at is None


def test_erase_that_times_out_is_reported_not_raised(client, fake_memory_api, settings):
    fake_memory_api.route("DELETE", "/users/ana", ScriptedResponse(body=ERASURE, delay_seconds=1.5))
    fake_memory_api.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    response = client.post("/caregiver/ana/erase/", {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "The erase did not complete" in flash(response)


def test_erase_form_needs_csrf(accounts, fake_memory_api):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(accounts.carol)
    assert browser.post("/caregiver/ana/erase/", {"confirm": "yes"}).status_code == 403
    assert fake_memory_api.request_count == 0


def test_after_an_erase_the_persons_chat_forgets_the_conversation_in_their_session(client, accounts, fake_memory_api):
    fake_memory_api.json_route("POST", "/search", {"results": []})
    fake_memory_api.json_route("POST", "/memories", {"results": []})
    fake_memory_api.json_route("DELETE", "/users/ana", ERASURE)
    fake_memory_api.json_route("GET", "/memories", {"results": [], "next_cursor": None})
    ana = Client()
    ana.force_login(accounts.ana)
    ana.post("/chat/ana/", {"message": "My PIN is 1234"})
    assert "My PIN is 1234" in ana.get("/chat/ana/").content.decode()

    client.post("/caregiver/ana/erase/", {"confirm": "yes"})

    assert "My PIN is 1234" not in ana.get("/chat/ana/").content.decode()
    ana.post("/chat/ana/", {"message": "Hello again"})
    assert "Hello again" in ana.get("/chat/ana/").content.decode()  # a new conversation is kept again


# --- who may export and erase ----------------------------------------------------------------


@pytest.mark.parametrize("method, url", [
    ("get", "/caregiver/{user}/export/"),
    ("get", "/caregiver/{user}/erase/"),
    ("post", "/caregiver/{user}/erase/"),
])
@pytest.mark.parametrize("login, user", [("carol", "bob"), ("carol", "nobody"), ("ana", "ana"), ("dave", "ana"), ("eve", "ana")])
def test_only_the_assigned_caregiver_may_export_or_erase(accounts, fake_memory_api, method, url, login, user):
    fake_memory_api.json_route("GET", f"/users/{user}/export", {**EXPORT, "user_id": user})
    fake_memory_api.json_route("DELETE", f"/users/{user}", {**ERASURE, "user_id": user})
    browser = Client()
    browser.force_login(getattr(accounts, login))
    assert getattr(browser, method)(url.format(user=user), {"confirm": "yes"}).status_code == 404
    assert fake_memory_api.request_count == 0


def test_anonymous_visitors_cannot_export_or_erase(fake_memory_api):
    assert Client().get("/caregiver/ana/export/").status_code == 302
    assert Client().post("/caregiver/ana/erase/", {"confirm": "yes"}).status_code == 302
    assert fake_memory_api.request_count == 0
