"""Reads the OpenTelemetry trace-export settings from the standard OTEL_* environment variables.

Pure functions over a mapping, like env_config.py. One difference on purpose: a bad OTEL_* value
never stops the app (the OpenTelemetry specification asks SDKs to ignore it with a warning), because
telemetry is an extra and the chat must start without it. Such problems are collected in
`OtlpTracesConfig.warnings` and logged once when the exporter is built (logging is not configured
yet while settings load).

Only OTLP over HTTP with protobuf bodies is implemented (stdlib only, no gRPC).
"""
import math
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple
from urllib.parse import unquote, urlsplit

from chatsite.env_config import flag, optional_text

DEFAULT_SERVICE_NAME = "djangosample"
HTTP_PROTOBUF = "http/protobuf"
TRACES_PATH = "v1/traces"
# OTEL_BSP_SCHEDULE_DELAY's specified default is 5000 ms; 1 s makes a chat turn show up in the
# dashboard while the person is still looking at it.
DEFAULT_SCHEDULE_DELAY_MS = 1000
DEFAULT_MAX_QUEUE_SIZE = 2048
DEFAULT_MAX_EXPORT_BATCH_SIZE = 512
# The specified default is 10 s; exports run on a background thread, but a shorter wait keeps a
# dead collector from holding the queue (and process exit) for long.
DEFAULT_EXPORT_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class OtlpTracesConfig:
    traces_url: Optional[str] = None  # None: spans are not exported
    headers: Dict[str, str] = field(default_factory=dict)
    resource_attributes: Dict[str, str] = field(default_factory=lambda: {"service.name": DEFAULT_SERVICE_NAME})
    timeout_seconds: float = DEFAULT_EXPORT_TIMEOUT_MS / 1000
    schedule_delay_seconds: float = DEFAULT_SCHEDULE_DELAY_MS / 1000
    max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE
    max_export_batch_size: int = DEFAULT_MAX_EXPORT_BATCH_SIZE
    warnings: Tuple[str, ...] = ()  # to log once: ignored values, or why export is off when it was asked for

    @property
    def enabled(self) -> bool:
        return self.traces_url is not None


def otlp_traces_config(environ: Mapping[str, str]) -> OtlpTracesConfig:
    warnings: List[str] = []
    # Signal-specific headers add to the general ones and win on the same name.
    headers = {
        **_pairs_variable(environ, "OTEL_EXPORTER_OTLP_HEADERS", warnings),
        **_pairs_variable(environ, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", warnings),
    }
    resource = resource_attributes(environ, warnings)
    timeout_names = ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT")
    timeout_ms = _positive(environ, timeout_names, DEFAULT_EXPORT_TIMEOUT_MS, warnings)
    delay_ms = _positive(environ, ("OTEL_BSP_SCHEDULE_DELAY",), DEFAULT_SCHEDULE_DELAY_MS, warnings)
    queue_size = int(_positive(environ, ("OTEL_BSP_MAX_QUEUE_SIZE",), DEFAULT_MAX_QUEUE_SIZE, warnings))
    batch_size = int(_positive(environ, ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE",), DEFAULT_MAX_EXPORT_BATCH_SIZE, warnings))

    url = _traces_url_or_none(environ, warnings)
    return OtlpTracesConfig(
        traces_url=url,
        headers=headers,
        resource_attributes=resource,
        timeout_seconds=timeout_ms / 1000,
        schedule_delay_seconds=delay_ms / 1000,
        max_queue_size=max(queue_size, 1),
        # A batch larger than the queue could never fill; the specification clamps it the same way.
        max_export_batch_size=max(min(batch_size, queue_size), 1),
        warnings=tuple(warnings),
    )


def _traces_url_or_none(environ: Mapping[str, str], warnings: List[str]) -> Optional[str]:
    """Where to POST spans, or None when export is off (with a warning when it looks unintended)."""
    if flag(environ, "OTEL_SDK_DISABLED"):
        return None
    exporters = [name.strip().lower() for name in (optional_text(environ, "OTEL_TRACES_EXPORTER") or "otlp").split(",")]
    if "none" in exporters:
        return None
    if "otlp" not in exporters:
        warnings.append(f"OTEL_TRACES_EXPORTER={','.join(exporters)} is not supported (only otlp); spans are not exported")
        return None

    # The signal-specific endpoint is a full URL; the general one is a base that gets /v1/traces.
    url = optional_text(environ, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if url is None:
        base = optional_text(environ, "OTEL_EXPORTER_OTLP_ENDPOINT")
        if base is None:
            return None  # running alone: nothing to export to, nothing to warn about
        url = base.rstrip("/") + "/" + TRACES_PATH

    protocol = (
        optional_text(environ, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or optional_text(environ, "OTEL_EXPORTER_OTLP_PROTOCOL")
        or HTTP_PROTOBUF
    )
    if protocol == "grpc":
        warnings.append(
            "OTEL_EXPORTER_OTLP_PROTOCOL=grpc: gRPC is not supported by this stdlib exporter; "
            f"set it to {HTTP_PROTOBUF} (spans are not exported)"
        )
        return None
    if protocol != HTTP_PROTOBUF:
        warnings.append(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol} is not supported (only {HTTP_PROTOBUF}); spans are not exported"
        )
        return None
    if urlsplit(url).scheme not in ("http", "https"):
        warnings.append(f"OTLP endpoint {url!r} is not an http(s) URL; spans are not exported")
        return None
    return url


def resource_attributes(environ: Mapping[str, str], warnings: List[str]) -> Dict[str, str]:
    """OTEL_RESOURCE_ATTRIBUTES, with service.name from OTEL_SERVICE_NAME (which wins), else the default."""
    parsed = _pairs_variable(environ, "OTEL_RESOURCE_ATTRIBUTES", warnings)
    from_attributes = parsed.pop("service.name", None)
    service_name = optional_text(environ, "OTEL_SERVICE_NAME") or from_attributes or DEFAULT_SERVICE_NAME
    return {"service.name": service_name, **parsed}


def key_value_pairs(text: Optional[str], name: str, warnings: List[str]) -> Dict[str, str]:
    """`k1=v1,k2=v2` with percent-encoded values (the format of OTEL_EXPORTER_OTLP_HEADERS and
    OTEL_RESOURCE_ATTRIBUTES). An entry without `=` or with an empty key is skipped with a warning;
    `+` stays a plus sign (percent-encoding, not form encoding)."""
    pairs: Dict[str, str] = {}
    for entry in (text or "").split(","):
        if not entry.strip():
            continue
        key, separator, value = entry.partition("=")
        key = unquote(key).strip()
        if not separator or not key:
            # Name the variable, not the entry: the entry may be a secret header value.
            warnings.append(f"{name}: ignored an entry that is not key=value")
            continue
        pairs[key] = unquote(value).strip()
    return pairs


def _pairs_variable(environ: Mapping[str, str], name: str, warnings: List[str]) -> Dict[str, str]:
    return key_value_pairs(optional_text(environ, name), name, warnings)


def _positive(environ: Mapping[str, str], names: Tuple[str, ...], default: float, warnings: List[str]) -> float:
    """The first set variable of `names` as a number > 0; otherwise the default (with a warning if invalid)."""
    for name in names:
        value = optional_text(environ, name)
        if value is None:
            continue
        try:
            number = float(value)
        except ValueError:
            number = 0
        if number > 0 and math.isfinite(number):
            return number
        warnings.append(f"{name} must be a number greater than 0, got {value!r}; using {default:g}")
        return default
    return default
