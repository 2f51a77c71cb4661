"""The start page, logging out, the admin, and configuration read from the environment as the Aspire AppHost injects it."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from chat.models import Person
from chatsite import env_config

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_index_is_open_to_anyone_and_offers_only_the_login(client):
    response = client.get("/")  # the AppHost's health check: 200 without a login
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="log-in-link"' in html and 'id="own-chat"' not in html and 'id="people"' not in html


def test_index_of_a_person_links_their_own_chat_only(client, accounts):
    client.force_login(accounts.ana)
    html = client.get("/").content.decode()
    assert '<a href="/chat/ana/" id="own-chat">' in html
    assert 'id="people"' not in html and "/chat/bob/" not in html


def test_index_of_a_caregiver_lists_only_the_people_in_their_care(client, accounts):
    Person.objects.create(user_id="cleo").caregivers.add(accounts.carol)
    client.force_login(accounts.carol)
    html = client.get("/").content.decode()
    assert re.findall(r'data-user-id="([^"]+)"', html) == ["ana", "cleo"]
    assert "/caregiver/bob/" not in html and 'id="own-chat"' not in html


def test_index_of_a_login_with_nothing_assigned_says_so(client, accounts):
    client.force_login(accounts.eve)
    assert 'id="nothing-assigned"' in client.get("/").content.decode()


def test_log_out_is_a_post_and_ends_the_session(client, accounts):
    client.force_login(accounts.ana)
    assert client.get("/accounts/logout/").status_code == 405  # a link or <img> elsewhere cannot log anyone out
    assert client.get("/chat/ana/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/chat/ana/").status_code == 302  # back to the login page


def test_aspire_service_url_wins_over_memory_api_url():
    environ = {"services__memoryapi__http__0": "http://localhost:6000/", "MEMORY_API_URL": "http://other:1"}
    assert env_config.memory_api_url(environ) == "http://localhost:6000"


def test_memory_api_url_fallbacks():
    assert env_config.memory_api_url({"MEMORY_API_URL": "http://other:1"}) == "http://other:1"
    assert env_config.memory_api_url({}) == "http://127.0.0.1:5080"


def test_port_comes_from_django_port_then_port_then_default():
    assert env_config.server_port({"DJANGO_PORT": "9001", "PORT": "9002"}) == "9001"
    assert env_config.server_port({"PORT": "9002"}) == "9002"
    assert env_config.server_port({}) == "8000"
    with pytest.raises(ImproperlyConfigured):
        env_config.server_port({"PORT": "http"})


def test_manage_py_runserver_is_ours_and_takes_its_port_from_the_environment():
    # A fresh interpreter, because the default port is read when the command module is imported.
    script = (
        "import django; django.setup();"
        "from django.core.management import get_commands;"
        "from chat.management.commands.runserver import Command;"
        "print(get_commands()['runserver'], Command.default_port)"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "chatsite.settings", "PORT": "9123"}
    environ.pop("DJANGO_PORT", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=environ, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["chat", "9123"], result.stderr


def test_number_settings_are_validated_with_the_variable_name():
    assert env_config.positive_number({}, "MEMORY_API_TIMEOUT_SECONDS", 2.0) == 2.0
    assert env_config.positive_number({"X": "0.5"}, "X", 2.0) == 0.5
    with pytest.raises(ImproperlyConfigured, match="MEMORY_API_TIMEOUT_SECONDS"):
        env_config.positive_number({"MEMORY_API_TIMEOUT_SECONDS": "soon"}, "MEMORY_API_TIMEOUT_SECONDS", 2.0)
    with pytest.raises(ImproperlyConfigured):
        env_config.positive_integer({"N": "0"}, "N", 3)


def test_blank_variables_count_as_unset():
    assert env_config.optional_text({"MEMORY_API_KEY": "  "}, "MEMORY_API_KEY") is None
    assert env_config.flag({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG") is True
    assert env_config.flag({}, "DJANGO_DEBUG") is False


def test_clearsessions_removes_expired_session_files(settings):
    from importlib import import_module

    from django.core.management import call_command

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["x"] = 1
    store.set_expiry(-1)
    store.save()
    assert store.exists(store.session_key)
    call_command("clearsessions")
    assert not store.exists(store.session_key)


def test_the_admin_manages_people_and_their_caregivers(client, accounts):
    admin = get_user_model().objects.create_superuser("admin", password="an admin password")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    listing = client.get("/admin/chat/person/")
    assert listing.status_code == 200 and "ana" in listing.content.decode()
    person = Person.objects.get(user_id="ana")
    change = client.get(f"/admin/chat/person/{person.pk}/change/")
    assert change.status_code == 200 and 'name="caregivers"' in change.content.decode()
    added = client.post("/admin/chat/person/add/", {"user_id": "cleo", "caregivers": [accounts.carol.pk]})
    assert added.status_code == 302
    assert list(Person.objects.get(user_id="cleo").caregivers.all()) == [accounts.carol]
    assert client.post("/admin/chat/person/add/", {"user_id": "a/b"}).status_code == 200  # refused: not a user_id
    assert not Person.objects.filter(user_id="a/b").exists()
