using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MemoryApi.Extensions;
using ModelContextProtocol.Protocol;

namespace MemoryApi.Mcp;

/// <summary>The HTTP API's JSON (snake_case, events as "ADD"…) for MCP schemas and structured content, so a tool's
/// result has the same fields as the route it mirrors. One difference: a null field is written as null instead of left
/// out, because the output schema the SDK derives lists every field as required (nullable where null is possible) and
/// clients validate structured content against it (the TypeScript SDK refuses a result that misses one).</summary>
public static class McpJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WriteNulls } },
        };
        ApplicationServiceExtensions.ConfigureJson(options);
        options.MakeReadOnly();
        return options;
    }

    private static void WriteNulls(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            property.ShouldSerialize = null;
        }
    }

    /// <summary>Structured content for machines plus a short text for a model or a person reading the call.</summary>
    public static CallToolResult Result<T>(T value, string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(value, Options),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
