"""A real HTTP server on 127.0.0.1:<random port>, scripted per test, that records every request.

Used instead of mocking `requests`, so timeouts, connection handling and headers are exercised for
real. Requests are recorded on arrival, before any scripted delay, so "no request reached the
server" assertions are exact.
"""
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: Dict[str, List[str]]
    headers: Dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class ScriptedResponse:
    status: int = 200
    body: Any = None  # JSON-serialised unless bytes
    delay_seconds: float = 0.0
    wait_for: Optional[threading.Event] = None  # block until set (or 10 s), to hold a call in flight


@dataclass
class _Route:
    responses: List[ScriptedResponse]
    handler: Optional[Callable[[RecordedRequest], ScriptedResponse]] = None
    calls: int = 0


class ScriptedHttpServer:
    def __init__(self):
        self.requests: List[RecordedRequest] = []
        self._routes: Dict[Tuple[str, str], _Route] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True  # a deliberately hung handler must not block shutdown
        # A short poll interval keeps shutdown (once per test) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "ScriptedHttpServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route(self, method: str, path: str, *responses: ScriptedResponse, handler=None) -> None:
        """Answer `method path` with the responses in order (the last one repeats), or via handler."""
        with self._lock:
            self._routes[(method, path)] = _Route(list(responses) or [ScriptedResponse()], handler)

    def json_route(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.route(method, path, ScriptedResponse(status=status, body=body))

    def requests_to(self, method: str, path: str) -> List[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path == path]

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    def _respond_to(self, request: RecordedRequest) -> ScriptedResponse:
        with self._lock:
            self.requests.append(request)
            route = self._routes.get((request.method, request.path))
            if route is None:
                return ScriptedResponse(404, {"title": "Not Found", "detail": f"no route {request.path}"})
            route.calls += 1
            if route.handler is not None:
                handler = route.handler
            else:
                return route.responses[min(route.calls, len(route.responses)) - 1]
        return handler(request)

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm plus the
            # client's delayed ACK can hold the body back ~40 ms per response.
            disable_nagle_algorithm = True

            def _handle(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = RecordedRequest(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                response = server._respond_to(request)
                if response.wait_for is not None:
                    response.wait_for.wait(10)
                if response.delay_seconds:
                    time.sleep(response.delay_seconds)
                payload = response.body if isinstance(response.body, bytes) else json.dumps(response.body).encode()
                try:
                    self.send_response(response.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to tell it

            do_GET = do_POST = do_PUT = do_DELETE = _handle

            def log_message(self, *args):
                pass  # keep test output clean

        return Handler
