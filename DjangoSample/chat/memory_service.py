"""The process-wide MemoryApi client, built from Django settings.

Shared on purpose: the circuit breaker only works if every request thread sees the same failure
count. Rebuilt when a MEMORY_* setting changes (tests use pytest-django's `settings` fixture).
"""
import threading
from typing import Optional

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from chat.circuit_breaker import CircuitBreaker
from chat.memory_client import MemoryClient

_lock = threading.Lock()
_client: Optional[MemoryClient] = None


def get_memory_client() -> MemoryClient:
    global _client
    with _lock:
        if _client is None:
            _client = MemoryClient(
                base_url=settings.MEMORY_API_URL,
                api_key=settings.MEMORY_API_KEY,
                timeout_seconds=settings.MEMORY_API_TIMEOUT_SECONDS,
                write_timeout_seconds=settings.MEMORY_API_WRITE_TIMEOUT_SECONDS,
                breaker=CircuitBreaker(
                    failure_threshold=settings.MEMORY_BREAKER_FAILURE_THRESHOLD,
                    open_seconds=settings.MEMORY_BREAKER_OPEN_SECONDS,
                ),
            )
        return _client


def reset_memory_client() -> None:
    """Forget the shared client (and its breaker state); the next call builds a fresh one."""
    global _client
    with _lock:
        if _client is not None:
            _client.close()
        _client = None


@receiver(setting_changed)
def _rebuild_client_on_settings_change(setting, **kwargs):
    if setting.startswith("MEMORY_"):
        reset_memory_client()
