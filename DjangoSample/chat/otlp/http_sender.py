"""POSTs one encoded ExportTraceServiceRequest to an OTLP/HTTP endpoint with urllib (stdlib).

The Aspire dashboard accepts only `Content-Type: application/x-protobuf` there (JSON gets a 415).
"""
import http.client
import urllib.error
import urllib.request
from typing import Mapping

PROTOBUF_CONTENT_TYPE = "application/x-protobuf"


class ExportError(Exception):
    """The collector did not take the batch (unreachable, timed out, or answered non-2xx)."""


class OtlpHttpSender:
    def __init__(self, url: str, headers: Mapping[str, str], timeout_seconds: float):
        self.url = url
        # Ours last: a configured header must not turn the body into something else.
        self._headers = {**headers, "Content-Type": PROTOBUF_CONTENT_TYPE}
        self.timeout_seconds = timeout_seconds

    def send(self, body: bytes) -> None:
        request = urllib.request.Request(self.url, data=body, headers=self._headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                response.read()  # a full read lets the connection close cleanly
        except urllib.error.HTTPError as error:
            # Never include the request headers: they carry the collector's API key.
            raise ExportError(f"POST {self.url} answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ExportError(f"POST {self.url} failed: {type(reason).__name__}: {reason}") from None
