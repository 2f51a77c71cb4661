import socket
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from chat.memory_service import reset_memory_client
from chatsite.otel_env_config import otlp_traces_config
from chat.models import Person
from tests.scripted_server import ScriptedHttpServer, ScriptedResponse

COLLECTOR_API_KEY = "test-otlp-key"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path):
    """Each test gets its own session folder, no LLM, no API key, no span export and a fresh
    MemoryApi client, so tests neither see each other's breaker state nor the developer's
    environment (not even when run under the Aspire AppHost's OTEL_* variables)."""
    settings.SESSION_FILE_PATH = str(tmp_path / "sessions")
    (tmp_path / "sessions").mkdir()
    settings.LLM_BASE_URL = None
    settings.LLM_MODEL = None
    settings.LLM_API_KEY = None
    settings.MEMORY_API_KEY = None
    settings.MEMORY_API_TIMEOUT_SECONDS = 0.5
    settings.MEMORY_API_WRITE_TIMEOUT_SECONDS = 0.5
    settings.MEMORY_BREAKER_FAILURE_THRESHOLD = 3
    settings.MEMORY_BREAKER_OPEN_SECONDS = 30.0
    settings.OTLP_TRACES = otlp_traces_config({})
    # Hashing with the real 260,000-round PBKDF2 would make every login in the tests slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reset_memory_client()
    cache.clear()  # login failure counts (chat/login_throttle.py)
    yield settings
    reset_memory_client()


@pytest.fixture(autouse=True)
def database(db):
    """Every test may use the (in-memory, per-test) database: logins live there."""


@pytest.fixture
def accounts():
    """People ana and bob, each with their own login; carol looks after ana only, dave after bob;
    eve is a login that is neither a person nor a caregiver."""
    users = get_user_model().objects
    logins = {name: users.create_user(name, password=PASSWORD) for name in ("ana", "bob", "carol", "dave", "eve")}
    Person.objects.create(user_id="ana", account=logins["ana"]).caregivers.add(logins["carol"])
    Person.objects.create(user_id="bob", account=logins["bob"]).caregivers.add(logins["dave"])
    return SimpleNamespace(**logins)


@pytest.fixture
def fake_memory_api(settings):
    """A scripted MemoryApi; the app's settings point at it."""
    server = ScriptedHttpServer().start()
    settings.MEMORY_API_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def fake_llm(settings):
    """A scripted OpenAI-compatible server; the app's LLM settings point at it (model "test-model")."""
    server = ScriptedHttpServer().start()
    settings.LLM_BASE_URL = server.url + "/v1"
    settings.LLM_MODEL = "test-model"
    settings.LLM_API_KEY = "llm-key"
    yield server
    server.stop()


@pytest.fixture
def collector(settings):
    """A local OTLP/HTTP endpoint (answers 200 to POST /v1/traces) that the app exports spans to.

    The schedule delay is long on purpose: tests call telemetry_service.force_flush() to decide when
    spans are sent, instead of waiting for the background thread.
    """
    server = ScriptedHttpServer().start()
    server.route("POST", "/v1/traces", ScriptedResponse(200, b""))
    settings.OTLP_TRACES = otlp_traces_config({
        "OTEL_EXPORTER_OTLP_ENDPOINT": server.url,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_EXPORTER_OTLP_HEADERS": f"x-otlp-api-key={COLLECTOR_API_KEY}",
        "OTEL_SERVICE_NAME": "djangosample",
        "OTEL_RESOURCE_ATTRIBUTES": "service.instance.id=test-instance",
        "OTEL_BSP_SCHEDULE_DELAY": "60000",
    })
    yield server
    server.stop()


@pytest.fixture
def unreachable_url():
    """A URL on which nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class FakeClock:
    """Monotonic time that only moves when a test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()
