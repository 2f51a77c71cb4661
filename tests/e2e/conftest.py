"""Fixtures for end-to-end tests of the whole topology: real processes started by scripts/dev
(PostgreSQL + pgvector, MemoryApi, DistillationWorker, DjangoSample) and headless Chromium."""
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
API_KEY = "e2e-key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Topology:
    """One running copy of scripts/dev on free ports, with its own state and trace folders."""

    def __init__(self, extra_env=None):
        self.state = pathlib.Path(tempfile.mkdtemp(prefix="memory-e2e-"))
        self.state.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data folder inside
        self.traces = self.state / "traces"
        self.traces.mkdir()
        self.ports = {name: free_port() for name in ("api", "worker", "django", "pg")}
        self.api = f"http://127.0.0.1:{self.ports['api']}"
        self.worker = f"http://127.0.0.1:{self.ports['worker']}"
        self.django = f"http://127.0.0.1:{self.ports['django']}"
        self.log = []
        env = dict(os.environ,
                   MEMORYAPI_PORT=str(self.ports["api"]), WORKER_PORT=str(self.ports["worker"]),
                   DJANGO_PORT=str(self.ports["django"]), MEMORY_PG_PORT=str(self.ports["pg"]),
                   MEMORY_API_KEY=API_KEY, MEMORY_ADMIN_KEY="e2e-admin-key",
                   DEV_STATE_DIR=str(self.state), OTEL_TRACES_DIR=str(self.traces),
                   Distillation__SettleSeconds="0", **(extra_env or {}))
        self.process = subprocess.Popen([str(ROOT / "scripts" / "dev")], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.ready = threading.Event()
        threading.Thread(target=self._pump, daemon=True).start()
        deadline = time.time() + 600
        while not self.ready.wait(0.5) and self.process.poll() is None and time.time() < deadline:
            pass
        if not self.ready.is_set():
            self.stop()
            raise RuntimeError("scripts/dev did not become ready:\n" + "\n".join(self.log[-80:]))

    def _pump(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip())
            if line.startswith("[dev] ready:"):
                self.ready.set()

    def stop_service(self, name):
        pid = int((self.state / f"{name}.pid").read_text())
        os.killpg(pid, signal.SIGTERM)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.api + "/alive", timeout=1)
                time.sleep(0.5)
            except OSError:
                return
        raise RuntimeError(f"{name} did not stop")

    def call(self, method, url, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Authorization": f"Token {API_KEY}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")

    def spans(self, service="memoryapi"):
        path = self.traces / f"{service}.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def topology():
    running = Topology()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-e2e-')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
