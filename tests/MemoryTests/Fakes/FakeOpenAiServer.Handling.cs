using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MemoryTests.Fakes;

// Request handling of FakeOpenAiServer: routing, scripted steps and recording of request bodies.
public sealed partial class FakeOpenAiServer
{
    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!HttpMethods.IsPost(context.Request.Method) || path is not ("/v1/chat/completions" or "/v1/embeddings"))
        {
            await OpenAiWireFormat.WriteErrorAsync(context, 404, $"No fake route for {context.Request.Method} {path}.", null);
            return;
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await OpenAiWireFormat.WriteErrorAsync(context, 400, "Request body is not JSON: " + ex.Message, null);
            return;
        }

        var isChat = path == "/v1/chat/completions";
        FakeStep? step;
        lock (_gate)
        {
            (isChat ? _chatRequests : _embeddingRequests).Add(body);
            var script = isChat ? _chatScript : _embeddingScript;
            step = script.Count > 0 ? script.Dequeue() : isChat ? null : _persistentEmbeddingFailure;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            if (!isChat && EmbeddingDelay > TimeSpan.Zero)
            {
                await Task.Delay(EmbeddingDelay, aborted.Token);
            }

            if (step is { Delay: var delay } && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, aborted.Token);
            }

            if (step is { Status: not 200 } failure)
            {
                await OpenAiWireFormat.WriteErrorAsync(context, failure.Status, $"Scripted failure {failure.Status}.", failure.RetryAfter);
            }
            else if (isChat)
            {
                await OpenAiWireFormat.WriteChatCompletionAsync(context, body.RootElement, step?.Content ?? ChatResponder?.Invoke(body.RootElement) ?? DefaultChatReply);
            }
            else
            {
                await OpenAiWireFormat.WriteEmbeddingsAsync(context, body.RootElement, DefaultEmbeddingDimensions);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up (timeout) or the server is stopping: there is nobody left to answer.
        }
    }
}
