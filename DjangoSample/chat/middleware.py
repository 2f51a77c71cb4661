"""Gives every incoming request a W3C trace context (`request.trace`).

A valid incoming `traceparent` is continued (same trace id, new span id), so a caller's trace flows
through this app into MemoryApi; otherwise a new trace starts here.
"""
from chat.trace_context import TraceContext


class TraceContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.trace = TraceContext.for_incoming_request(request.META.get("HTTP_TRACEPARENT"))
        return self.get_response(request)
