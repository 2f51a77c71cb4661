using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MemoryCore.Embeddings;
using Microsoft.AspNetCore.Http;

namespace MemoryTests.Fakes;

/// <summary>Request parsing and response bodies in the shape of OpenAI's REST API, for <see cref="FakeOpenAiServer"/>.</summary>
internal static class OpenAiWireFormat
{
    public static Task WriteChatCompletionAsync(HttpContext context, JsonElement request, string content)
    {
        var model = request.TryGetProperty("model", out var m) ? m.GetString() : "fake-chat";
        var response = new
        {
            id = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" },
            },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        };
        return context.Response.WriteAsJsonAsync(response, context.RequestAborted);
    }

    public static async Task WriteEmbeddingsAsync(HttpContext context, JsonElement request, int defaultDimensions)
    {
        var dimensions = request.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : defaultDimensions;
        if (dimensions < 8)
        {
            await WriteErrorAsync(context, 400, "dimensions must be at least 8.", null);
            return;
        }

        // The .NET SDK asks for base64 by default; plain float arrays are what other clients ask for.
        var base64 = request.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
        var generator = new HashingEmbeddingGenerator(dimensions);
        var data = Inputs(request).Select((text, index) =>
        {
            var vector = generator.Embed(text);
            object embedding = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            return new { @object = "embedding", index, embedding };
        }).ToList();

        var model = request.TryGetProperty("model", out var m) ? m.GetString() : "fake-embedding";
        var response = new { @object = "list", data, model, usage = new { prompt_tokens = data.Count, total_tokens = data.Count } };
        await context.Response.WriteAsJsonAsync(response, context.RequestAborted);
    }

    public static async Task WriteErrorAsync(HttpContext context, int status, string message, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var type = status >= 500 ? "server_error" : status == 429 ? "rate_limit_exceeded" : "invalid_request_error";
        await context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code = (string?)null } });
    }

    public static string AllMessageText(JsonElement request)
    {
        var text = new StringBuilder();
        if (!request.TryGetProperty("messages", out var messages))
        {
            return string.Empty;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (!message.TryGetProperty("content", out var content))
            {
                continue;
            }

            // Content is either a string or an array of parts such as {"type":"text","text":"..."}.
            if (content.ValueKind == JsonValueKind.String)
            {
                text.AppendLine(content.GetString());
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out var partText))
                    {
                        text.AppendLine(partText.GetString());
                    }
                }
            }
        }

        return text.ToString();
    }

    private static List<string> Inputs(JsonElement request)
    {
        if (!request.TryGetProperty("input", out var input))
        {
            return [];
        }

        return input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString() ?? string.Empty],
            JsonValueKind.Array => input.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? string.Empty : e.GetRawText()).ToList(),
            _ => [],
        };
    }
}
