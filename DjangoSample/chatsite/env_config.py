"""Reads the sample's configuration from environment variables.

Pure functions over a mapping (not os.environ directly) so the precedence rules can be tested
without touching the process environment. Names follow what the Aspire AppHost injects.
"""
from typing import Mapping, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

DEFAULT_MEMORY_API_URL = "http://127.0.0.1:5080"
DEFAULT_PORT = "8000"

# Aspire service discovery injects `services__<resource>__<endpoint>__<index>`.
ASPIRE_MEMORY_API_URL_VARIABLE = "services__memoryapi__http__0"


def optional_text(environ: Mapping[str, str], name: str) -> Optional[str]:
    """A variable's stripped value; unset and blank both mean "not configured"."""
    value = environ.get(name, "").strip()
    return value or None


def memory_api_url(environ: Mapping[str, str]) -> str:
    """Aspire's service-discovery URL wins, then MEMORY_API_URL, then the local default."""
    url = (
        optional_text(environ, ASPIRE_MEMORY_API_URL_VARIABLE)
        or optional_text(environ, "MEMORY_API_URL")
        or DEFAULT_MEMORY_API_URL
    )
    return url.rstrip("/")


def flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = optional_text(environ, name)
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes", "on")


def positive_number(environ: Mapping[str, str], name: str, default: float) -> float:
    """A number > 0; a typo fails at startup with the variable's name instead of at the first call."""
    value = optional_text(environ, name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if not number > 0:
        raise ImproperlyConfigured(f"{name} must be greater than 0, got {value!r}")
    return number


def positive_integer(environ: Mapping[str, str], name: str, default: int) -> int:
    value = optional_text(environ, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    if number < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, got {value!r}")
    return number


def server_port(environ: Mapping[str, str]) -> str:
    """DJANGO_PORT, then PORT (what Aspire's WithHttpEndpoint(env: "PORT") sets), then 8000."""
    port = optional_text(environ, "DJANGO_PORT") or optional_text(environ, "PORT") or DEFAULT_PORT
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ImproperlyConfigured(f"DJANGO_PORT/PORT must be a TCP port number, got {port!r}")
    return port


def comma_separated(environ: Mapping[str, str], name: str) -> list:
    value = optional_text(environ, name) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def time_zone(environ: Mapping[str, str], name: str = "DJANGO_TIME_ZONE", default: str = "UTC") -> str:
    """An IANA time zone name such as Europe/Lisbon; a typo fails at startup with the variable's name."""
    value = optional_text(environ, name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an IANA time zone name such as Europe/Lisbon, got {value!r}") from None
    return value
