namespace AppHost.Tests.Telemetry;

/// <summary>One span as an OTLP exporter sent it: ids as lowercase hex, the service from its resource.</summary>
public sealed record CollectedSpan(
    string Service,
    string? ServiceInstance,
    string Scope,
    string Name,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    int Kind);
