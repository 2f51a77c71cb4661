"""Gives every incoming request a W3C trace context (`request.trace`) and records its SERVER span.

A valid incoming `traceparent` is continued (same trace id, new span id whose parent is the caller's
span), so a caller's trace flows through this app into MemoryApi; otherwise a new trace starts here.
The span is named after the matched URL pattern (`POST /chat/<user_id:user_id>/`), so every chat turn
has the same name whoever's it is; an unmatched request is named by its path.
"""
from chat.otlp.span_data import SpanKind
from chat.trace_context import TraceContext
from chat.tracing import Span


class TraceContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.trace = TraceContext.for_incoming_request(request.META.get("HTTP_TRACEPARENT"))
        span = Span(
            request.trace,
            f"{request.method} {request.path}",
            SpanKind.SERVER,
            {"http.request.method": request.method, "url.path": request.path, "url.scheme": request.scheme},
        )
        try:
            response = self.get_response(request)
        except BaseException as error:
            # Only reached when something outside the view chain raised (Django turns a view's
            # exception into a 500 response before it gets here).
            _finish(span, request, 500, error)
            raise
        _finish(span, request, response.status_code, getattr(request, "view_exception", None))
        return response

    def process_exception(self, request, exception):
        # The 500 response that reaches __call__ no longer says what failed; this hook still does.
        request.view_exception = exception
        return None  # let Django build the error response as usual


def _finish(span: Span, request, status_code: int, error) -> None:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        route = "/" + match.route
        span.name = f"{request.method} {route}"
        span.set_attribute("http.route", route)
    span.set_attribute("http.response.status_code", status_code)
    # 4xx is the client's mistake, not this server's failure (OpenTelemetry HTTP server conventions).
    if error is not None or status_code >= 500:
        error_type = type(error).__name__ if error is not None else str(status_code)
        span.set_attribute("error.type", error_type)
        span.set_error(error_type)
    span.end()
