import socket

import pytest

from chat.memory_service import reset_memory_client
from tests.scripted_server import ScriptedHttpServer


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path):
    """Each test gets its own session folder, no LLM, no API key and a fresh MemoryApi client, so
    tests neither see each other's breaker state nor the developer's environment."""
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
    reset_memory_client()
    yield settings
    reset_memory_client()


@pytest.fixture
def fake_memory_api(settings):
    """A scripted MemoryApi; the app's settings point at it."""
    server = ScriptedHttpServer().start()
    settings.MEMORY_API_URL = server.url
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
