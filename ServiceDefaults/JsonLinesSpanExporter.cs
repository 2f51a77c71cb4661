using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Appends each finished span to a file as one JSON object per line (trace id, span id, parent, name,
/// source, kind, tags). For local runs and whole-topology tests; use OTLP for real collection.
/// </summary>
public sealed class JsonLinesSpanExporter(string path) : BaseExporter<Activity>
{
    private readonly Lock _gate = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var lines = new List<string>();
        foreach (var activity in batch)
        {
            lines.Add(JsonSerializer.Serialize(new
            {
                trace_id = activity.TraceId.ToHexString(),
                span_id = activity.SpanId.ToHexString(),
                parent_span_id = activity.ParentSpanId.ToHexString(),
                name = activity.DisplayName,
                source = activity.Source.Name,
                kind = activity.Kind.ToString(),
                start = activity.StartTimeUtc,
                duration_ms = activity.Duration.TotalMilliseconds,
                status = activity.Status.ToString(),
                tags = activity.TagObjects.ToDictionary(t => t.Key, t => t.Value?.ToString()),
            }));
        }

        try
        {
            lock (_gate)
            {
                File.AppendAllLines(path, lines);
            }

            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
    }
}
