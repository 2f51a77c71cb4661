"""Optional OpenAI-compatible chat completion client (OpenAI, Ollama, vLLM, LM Studio...).

Each completion is a CLIENT span of the request's trace, and its `traceparent` carries that span's id.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional

import requests
from django.conf import settings

from chat.trace_context import TraceContext
from chat.tracing import client_span, http_client_attributes


class LlmUnavailableError(Exception):
    """The model did not produce a usable reply; the chat falls back to a template reply."""


@dataclass(frozen=True)
class LlmClient:
    base_url: str
    model: str
    api_key: Optional[str] = None
    timeout_seconds: float = 30.0

    def complete(self, messages: List[Dict[str, str]], trace: TraceContext) -> str:
        url = self.base_url.rstrip("/") + "/chat/completions"
        attributes = {
            **http_client_attributes("POST", url),
            # OpenTelemetry's generative-AI conventions; the prompt itself is never recorded.
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": self.model,
        }
        with client_span(trace, f"chat {self.model}", attributes) as span:
            headers = {"traceparent": span.context.traceparent}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            try:
                response = requests.post(
                    url,
                    json={"model": self.model, "messages": messages},
                    headers=headers,
                    timeout=(self.timeout_seconds, self.timeout_seconds),
                )
                span.set_attribute("http.response.status_code", response.status_code)
                response.raise_for_status()
                content = response.json()["choices"][0]["message"]["content"]
            except (requests.RequestException, ValueError, LookupError, TypeError) as error:
                raise LlmUnavailableError(f"{type(error).__name__}: {error}") from error
            if not isinstance(content, str) or not content.strip():
                raise LlmUnavailableError("the model returned an empty reply")
            return content.strip()

def configured_llm_client() -> Optional[LlmClient]:
    """The LLM client when both LLM_BASE_URL and LLM_MODEL are set; otherwise None (template replies).

    There is deliberately no default base URL: an unset variable must never send conversations to a
    cloud service nobody chose.
    """
    if not (settings.LLM_BASE_URL and settings.LLM_MODEL):
        return None
    return LlmClient(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY,
        timeout_seconds=settings.LLM_TIMEOUT_SECONDS,
    )
