"""The OTEL_* variables as the Aspire AppHost injects them, parsed into the trace-export settings."""
import pytest

from chatsite.otel_env_config import key_value_pairs, otlp_traces_config

ASPIRE = {
    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:19182",
    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
    "OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=abc123",
    "OTEL_SERVICE_NAME": "djangosample",
    "OTEL_RESOURCE_ATTRIBUTES": "service.instance.id=xyz",
    "OTEL_BSP_SCHEDULE_DELAY": "200",
}


def test_aspire_environment_turns_export_on():
    config = otlp_traces_config(ASPIRE)
    assert config.enabled
    assert config.traces_url == "http://localhost:19182/v1/traces"
    assert config.headers == {"x-otlp-api-key": "abc123"}
    assert config.resource_attributes == {"service.name": "djangosample", "service.instance.id": "xyz"}
    assert config.schedule_delay_seconds == 0.2
    assert config.warnings == ()


def test_defaults_without_any_variable_mean_no_export_and_no_warning():
    config = otlp_traces_config({})
    assert not config.enabled
    assert config.warnings == ()
    assert config.resource_attributes == {"service.name": "djangosample"}
    assert (config.schedule_delay_seconds, config.timeout_seconds) == (1.0, 2.0)
    assert (config.max_queue_size, config.max_export_batch_size) == (2048, 512)


def test_endpoint_with_a_trailing_slash_and_a_base_path():
    assert otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318/"}).traces_url == "http://c:4318/v1/traces"
    assert otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": "https://c/otlp"}).traces_url == "https://c/otlp/v1/traces"


def test_traces_specific_endpoint_is_used_as_is_and_wins():
    environ = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://general:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:1/custom"}
    assert otlp_traces_config(environ).traces_url == "http://t:1/custom"


def test_protocol_defaults_to_http_protobuf():
    assert otlp_traces_config({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}).enabled


@pytest.mark.parametrize("protocol, expected", [("grpc", "gRPC is not supported"), ("http/json", "not supported")])
def test_unsupported_protocol_turns_export_off_with_a_warning(protocol, expected):
    config = otlp_traces_config({**ASPIRE, "OTEL_EXPORTER_OTLP_PROTOCOL": protocol})
    assert not config.enabled
    (warning,) = config.warnings
    assert expected in warning


def test_traces_specific_protocol_wins():
    config = otlp_traces_config({**ASPIRE, "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"})
    assert config.enabled


@pytest.mark.parametrize("environ", [{"OTEL_TRACES_EXPORTER": "none"}, {"OTEL_SDK_DISABLED": "true"}])
def test_explicitly_off_means_off_without_a_warning(environ):
    config = otlp_traces_config({**ASPIRE, **environ})
    assert not config.enabled
    assert config.warnings == ()


def test_other_exporters_are_not_supported():
    config = otlp_traces_config({**ASPIRE, "OTEL_TRACES_EXPORTER": "console"})
    assert not config.enabled
    assert "console" in config.warnings[0]
    assert otlp_traces_config({**ASPIRE, "OTEL_TRACES_EXPORTER": "otlp,console"}).enabled


def test_service_name_precedence():
    resource = {"OTEL_RESOURCE_ATTRIBUTES": "service.name=from-attributes,deployment.environment=dev"}
    assert otlp_traces_config({**resource, "OTEL_SERVICE_NAME": "named"}).resource_attributes == {
        "service.name": "named",
        "deployment.environment": "dev",
    }
    assert otlp_traces_config(resource).resource_attributes["service.name"] == "from-attributes"


def test_headers_are_percent_decoded_and_merged_with_traces_specific_ones():
    config = otlp_traces_config({
        **ASPIRE,
        "OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=a%3Db%2Cc, other = 1+2 ",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "other=3",
    })
    assert config.headers == {"x-otlp-api-key": "a=b,c", "other": "3"}


def test_malformed_entries_are_skipped_with_a_warning_that_does_not_leak_them():
    warnings = []
    assert key_value_pairs("good=1,secret-no-equals,=empty-key,,", "OTEL_EXPORTER_OTLP_HEADERS", warnings) == {"good": "1"}
    assert len(warnings) == 2
    assert all("secret" not in w and "OTEL_EXPORTER_OTLP_HEADERS" in w for w in warnings)
    assert key_value_pairs("plus=1+2", "X", []) == {"plus": "1+2"}


@pytest.mark.parametrize("value", ["soon", "0", "-5", "inf"])
def test_bad_numbers_fall_back_to_the_default_with_a_warning(value):
    config = otlp_traces_config({**ASPIRE, "OTEL_BSP_SCHEDULE_DELAY": value})
    assert config.enabled
    assert config.schedule_delay_seconds == 1.0
    assert "OTEL_BSP_SCHEDULE_DELAY" in config.warnings[0]


def test_batch_size_is_clamped_to_the_queue_size():
    config = otlp_traces_config({**ASPIRE, "OTEL_BSP_MAX_QUEUE_SIZE": "10", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "100"})
    assert (config.max_queue_size, config.max_export_batch_size) == (10, 10)


def test_timeout_is_read_in_milliseconds():
    assert otlp_traces_config({**ASPIRE, "OTEL_EXPORTER_OTLP_TIMEOUT": "500"}).timeout_seconds == 0.5


def test_a_non_http_endpoint_is_refused():
    config = otlp_traces_config({**ASPIRE, "OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4318"})
    assert not config.enabled
    assert "not an http(s) URL" in config.warnings[0]
