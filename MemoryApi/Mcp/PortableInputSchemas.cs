using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace MemoryApi.Mcp;

/// <summary>
/// Tool input schemas without <c>"type": [X, "null"]</c>: the SDK writes every optional argument as nullable, which is
/// legal JSON Schema but not portable (clients that map schemas onto a single-type dialect, such as Gemini's function
/// declarations, reject or loosen it; the MCP Inspector warns). An optional argument here is simply left out, and a
/// null one means the same, so the input schemas say X and drop the <c>"default": null</c>. Output schemas are left as
/// they are: a result's null fields are real.
/// </summary>
public static class PortableInputSchemas
{
    public static ListToolsResult Apply(ListToolsResult result)
    {
        foreach (var tool in result.Tools)
        {
            var schema = JsonNode.Parse(tool.InputSchema.GetRawText())!;
            Simplify(schema);
            tool.InputSchema = JsonSerializer.SerializeToElement(schema);
        }

        return result;
    }

    private static void Simplify(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["type"] is JsonArray types && types.Count == 2 && types.Any(t => t?.GetValue<string>() == "null"))
                {
                    schema["type"] = types.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
                    if (schema.TryGetPropertyValue("default", out var value) && value is null)
                    {
                        schema.Remove("default");
                    }
                }

                foreach (var (_, child) in schema.ToList())
                {
                    Simplify(child);
                }

                break;
            case JsonArray list:
                foreach (var child in list)
                {
                    Simplify(child);
                }

                break;
        }
    }
}
