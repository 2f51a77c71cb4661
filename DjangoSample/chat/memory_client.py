"""HTTP client for MemoryApi (see the repository README for the routes).

Every call has a timeout, goes through a circuit breaker and is a CLIENT span of the request's trace
(its id travels in the call's W3C `traceparent`, so MemoryApi's spans hang under it). Failures
surface as two exception types so callers can decide how to degrade:

- MemoryUnavailableError: the service could not answer (timeout, connection error, 5xx, garbage,
  or the breaker is open). These are the failures the breaker counts.
- MemoryApiError: the service answered with a 4xx (unknown id, bad input, bad key). The service is
  healthy, so the breaker treats it as a success.
"""
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import quote

import requests

from chat.circuit_breaker import CircuitBreaker, CircuitOpenError
from chat.trace_context import TraceContext
from chat.tracing import Span, client_span, http_client_attributes


class MemoryClientError(Exception):
    """Base class: anything that went wrong talking to MemoryApi."""


class MemoryUnavailableError(MemoryClientError):
    """MemoryApi did not answer usefully; the caller should carry on without memory."""


class MemoryApiError(MemoryClientError):
    """MemoryApi rejected the request (4xx)."""

    def __init__(self, status_code: int, detail: str):
        super().__init__(f"MemoryApi answered {status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


class MemoryClient:
    def __init__(
        self,
        base_url: str,
        api_key: Optional[str] = None,
        timeout_seconds: float = 2.0,
        write_timeout_seconds: float = 5.0,
        breaker: Optional[CircuitBreaker] = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self.write_timeout_seconds = write_timeout_seconds
        self.breaker = breaker or CircuitBreaker()
        # One shared session for connection reuse. Safe to share across request threads here:
        # no cookies or per-call session state are used, and urllib3's pool is thread-safe.
        self._session = requests.Session()
        self._session.headers["Accept"] = "application/json"
        if api_key:
            self._session.headers["Authorization"] = f"Token {api_key}"

    def close(self) -> None:
        self._session.close()

    # --- routes -----------------------------------------------------------------------------

    def search(self, query: str, user_id: str, limit: int, trace: TraceContext) -> List[Dict[str, Any]]:
        # Hybrid (vector + full-text) recalls clearly more than vector alone (docs/benchmarks.md).
        body = {"query": query, "user_id": user_id, "limit": limit, "mode": "hybrid"}
        return self._call("POST", "/search", trace, json_body=body, parse=_results)

    def add_messages(
        self, messages: List[Dict[str, str]], user_id: str, trace: TraceContext, idempotency_key: Optional[str] = None
    ) -> List[Dict[str, Any]]:
        """Synchronous add. With `idempotency_key` (e.g. one per chat turn), a retry of the same write returns the
        first answer instead of writing twice."""
        body = {"messages": messages, "user_id": user_id}
        return self._call("POST", "/memories", trace, json_body=body, write=True, parse=_results,
                          headers=_idempotency(idempotency_key))

    def add_messages_async(
        self, messages: List[Dict[str, str]], user_id: str, trace: TraceContext, idempotency_key: Optional[str] = None
    ) -> str:
        """Queued add (POST /memories?async=true): returns the event id once MemoryApi has stored the add durably;
        it is applied in the background. `wait_for_event` waits for the outcome."""
        body = {"messages": messages, "user_id": user_id}
        accepted = self._call("POST", "/memories", trace, json_body=body, params={"async": "true"}, write=True,
                              parse=_accepted, headers=_idempotency(idempotency_key))
        return accepted["event_id"]

    def wait_for_event(self, event_id: str, trace: TraceContext, wait_seconds: float = 10.0) -> Dict[str, Any]:
        """The event of a queued add, waiting up to `wait_seconds` (at most 30) for it to be SUCCEEDED or FAILED.
        Its `status` says which, or PENDING/RUNNING when the wait ran out; SUCCEEDED carries `results`."""
        wait = min(max(wait_seconds, 0.0), 30.0)
        params = {"wait": f"{int(wait * 1000)}ms"}
        return self._call("GET", f"/events/{_segment(event_id)}", trace, route="/events/{id}", params=params,
                          parse=_event, read_timeout=wait + self.timeout_seconds)

    def list_memories(self, user_id: str, limit: int, trace: TraceContext, category: Optional[str] = None) -> Dict[str, Any]:
        """The page as returned: {"results": [...], "next_cursor": ...}; with `category`, only memories tagged with it."""
        params = {"user_id": user_id, "limit": str(limit)}
        if category:
            params["categories"] = category
        return self._call("GET", "/memories", trace, params=params, parse=_page)

    def get_memory(self, memory_id: str, trace: TraceContext) -> Dict[str, Any]:
        return self._call("GET", f"/memories/{_segment(memory_id)}", trace, route="/memories/{id}", parse=_object)

    def history(self, memory_id: str, trace: TraceContext) -> List[Dict[str, Any]]:
        path = f"/memories/{_segment(memory_id)}/history"
        return self._call("GET", path, trace, route="/memories/{id}/history", parse=_results)

    def delete_memory(self, memory_id: str, trace: TraceContext) -> None:
        self._call("DELETE", f"/memories/{_segment(memory_id)}", trace, route="/memories/{id}", write=True)

    def revert_memory(self, memory_id: str, history_id: str, trace: TraceContext) -> Dict[str, Any]:
        body = {"history_id": history_id}
        path = f"/memories/{_segment(memory_id)}/revert"
        return self._call("POST", path, trace, route="/memories/{id}/revert", json_body=body, write=True, parse=_object)

    def export_user(self, user_id: str, trace: TraceContext) -> Dict[str, Any]:
        """Everything MemoryApi stores about the person, as one JSON document."""
        # The write budget: a whole person's data is a bigger answer than one page of memories.
        path = f"/users/{_segment(user_id)}/export"
        return self._call("GET", path, trace, route="/users/{userId}/export", write=True, parse=_export)

    def erase_user(self, user_id: str, trace: TraceContext) -> Dict[str, Any]:
        """Erase the person: {"user_id", "erased_at", "audit_id", "counts": {...}}."""
        path = f"/users/{_segment(user_id)}"
        return self._call("DELETE", path, trace, route="/users/{userId}", write=True, parse=_erasure)

    # --- plumbing ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        trace: TraceContext,
        route: Optional[str] = None,
        json_body: Any = None,
        params: Optional[Dict[str, str]] = None,
        write: bool = False,
        parse: Callable[[Any], Any] = lambda payload: payload,
        headers: Optional[Dict[str, str]] = None,
        read_timeout: Optional[float] = None,
    ) -> Any:
        """`route` is the path with ids as placeholders: it names the span, whatever the id."""
        route = route or path
        try:
            self.breaker.before_call()
        except CircuitOpenError as error:
            raise MemoryUnavailableError(f"{method} {path}: {error}") from error

        succeeded = False
        try:
            # Only calls the breaker lets through get a span: a fast failure made no call.
            attributes = http_client_attributes(method, self.base_url + path, route)
            with client_span(trace, f"{method} {route}", attributes) as span:
                payload = self._send(method, path, span, json_body, params, write, headers, read_timeout)
                try:
                    result = parse(payload)
                except MalformedResponse as error:
                    raise MemoryUnavailableError(f"{method} {path}: {error}") from error
            succeeded = True
            return result
        except MemoryApiError:
            succeeded = True  # the service answered; a 4xx says nothing about its health
            raise
        finally:
            # Always settle the breaker, whatever escaped: an admitted half-open probe that is
            # never recorded would keep the circuit failing fast forever.
            if succeeded:
                self.breaker.record_success()
            else:
                self.breaker.record_failure()

    def _send(self, method, path, span: Span, json_body, params, write, headers=None, read_timeout=None) -> Any:
        timeout = self.write_timeout_seconds if write else self.timeout_seconds
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                json=json_body,
                params=params,
                headers={"traceparent": span.context.traceparent, **(headers or {})},
                # (connect, read). requests' read timeout bounds each wait for bytes, not the
                # whole response; enough against a hung or unreachable service. A long poll
                # (wait_for_event) reads for as long as it asked the server to wait.
                timeout=(timeout, read_timeout or timeout),
            )
        except requests.Timeout as error:
            raise MemoryUnavailableError(f"{method} {path}: timed out after {timeout} s") from error
        except requests.RequestException as error:
            raise MemoryUnavailableError(f"{method} {path}: {type(error).__name__}: {error}") from error

        span.set_attribute("http.response.status_code", response.status_code)
        if response.status_code >= 400:
            span.set_attribute("error.type", str(response.status_code))
        if response.status_code >= 500:
            raise MemoryUnavailableError(f"{method} {path}: MemoryApi answered {response.status_code}")
        if response.status_code >= 400:
            raise MemoryApiError(response.status_code, _problem_detail(response))
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as error:
            raise MemoryUnavailableError(f"{method} {path}: response was not JSON") from error


class MalformedResponse(ValueError):
    """A 2xx whose JSON does not have the documented shape: a broken service, counted as a failure."""


def _object(payload: Any) -> Dict[str, Any]:
    if not isinstance(payload, dict):
        raise MalformedResponse("expected a JSON object")
    return payload


def _results(payload: Any) -> List[Dict[str, Any]]:
    results = _object(payload).get("results")
    if not isinstance(results, list) or not all(isinstance(item, dict) for item in results):
        raise MalformedResponse('expected {"results": [objects]}')
    return results


def _accepted(payload: Any) -> Dict[str, Any]:
    if not isinstance(_object(payload).get("event_id"), str):
        raise MalformedResponse('expected {"event_id": "..."}')
    return payload


def _event(payload: Any) -> Dict[str, Any]:
    if _object(payload).get("status") not in ("PENDING", "RUNNING", "SUCCEEDED", "FAILED"):
        raise MalformedResponse("expected an event with a status")
    return payload


def _idempotency(key: Optional[str]) -> Dict[str, str]:
    return {"Idempotency-Key": key} if key else {}


def _page(payload: Any) -> Dict[str, Any]:
    _results(payload)
    return payload


def _export(payload: Any) -> Dict[str, Any]:
    export = _object(payload)
    if not isinstance(export.get("user_id"), str) or not isinstance(export.get("memories"), list):
        raise MalformedResponse('expected an export with "user_id" and "memories"')
    return export


def _erasure(payload: Any) -> Dict[str, Any]:
    erasure = _object(payload)
    if not isinstance(erasure.get("user_id"), str) or not isinstance(erasure.get("counts"), dict):
        raise MalformedResponse('expected an erasure with "user_id" and "counts"')
    return erasure


def _segment(value: str) -> str:
    """Quote an id for use as one path segment, so it cannot change the route."""
    return quote(value, safe="")


def _problem_detail(response: requests.Response) -> str:
    try:
        problem = response.json()
    except ValueError:
        return response.reason or "error"
    if isinstance(problem, dict):
        return str(problem.get("detail") or problem.get("title") or response.reason)
    return response.reason or "error"
