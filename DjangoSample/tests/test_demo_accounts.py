"""`manage.py seed_demo_accounts`: the demo logins, with a password from configuration, never a fixed one."""
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from chat.access import people_in_care
from chat.models import Person


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo_accounts", stdout=out, **options)
    return out.getvalue()


def test_creates_two_people_with_their_own_logins_and_their_caregiver(monkeypatch):
    monkeypatch.delenv("DJANGO_DEMO_PASSWORD", raising=False)
    seed(password="a demo password")

    assert {(p.user_id, p.account.username) for p in Person.objects.all()} == {("ana", "ana"), ("ben", "ben")}
    carol = authenticate(username="carol", password="a demo password")
    assert [p.user_id for p in people_in_care(carol)] == ["ana", "ben"]
    assert authenticate(username="ana", password="a demo password") is not None


def test_the_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_DEMO_PASSWORD", "from the environment")
    seed()
    assert authenticate(username="ben", password="from the environment") is not None


def test_without_a_password_a_random_one_is_made_up_printed_once_and_then_kept(monkeypatch):
    monkeypatch.delenv("DJANGO_DEMO_PASSWORD", raising=False)
    generated = re.search(r"password: (\S+)", seed()).group(1)
    assert len(generated) >= 16
    assert authenticate(username="carol", password=generated) is not None

    again = seed()
    assert generated not in again and "kept" in again
    assert authenticate(username="ana", password=generated) is not None
    assert Person.objects.count() == 2

    seed(password="reset to this")
    assert authenticate(username="ana", password="reset to this") is not None


@pytest.mark.parametrize("weak, reason", [("short", "at least 8"), ("password123", "too common"), ("4815162342", "entirely numeric")])
def test_a_weak_password_is_refused(monkeypatch, weak, reason):
    monkeypatch.delenv("DJANGO_DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=reason):
        seed(password=weak)
    assert Person.objects.count() == 0


def test_runserver_migrates_a_new_database_and_seeds_the_demo_logins(tmp_path, unreachable_url):
    """What Aspire runs: `manage.py runserver` alone, on an empty database file, must serve logins."""
    import os
    import subprocess
    import sys
    import time

    import requests

    from tests.test_index_and_config import PROJECT_DIR

    port = unreachable_url.rsplit(":", 1)[1]  # a free port
    environ = {**os.environ, "DJANGO_DB_PATH": str(tmp_path / "db.sqlite3"), "DJANGO_DEMO_PASSWORD": "seeded by runserver",
               "DJANGO_SESSION_DIR": str(tmp_path / "sessions"), "DJANGO_SETTINGS_MODULE": "chatsite.settings",
               "OTEL_SDK_DISABLED": "true"}
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=PROJECT_DIR, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        browser = requests.Session()
        deadline = time.monotonic() + 30
        while True:
            try:
                login_page = browser.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
        response = browser.post(f"http://127.0.0.1:{port}/accounts/login/", timeout=5, data={
            "username": "ana", "password": "seeded by runserver", "next": "/chat/ana/", "csrfmiddlewaretoken": token,
        }, headers={"Referer": f"http://127.0.0.1:{port}/accounts/login/"})
        assert response.status_code == 200 and response.url.endswith("/chat/ana/")
        assert '<span id="logged-in-as">ana</span>' in response.text
    finally:
        server.terminate()
        server.wait(10)
