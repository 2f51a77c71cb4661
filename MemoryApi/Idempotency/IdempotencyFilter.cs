using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemoryApi.Auth;
using MemoryCore.Idempotency;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MemoryApi.Idempotency;

/// <summary>
/// Idempotency-Key on the add routes. The key (per API key) is taken before the handler runs, so of concurrent duplicates
/// one runs and the others get 409; a retry after the first finished gets the first answer again (same status and body,
/// with <c>Idempotent-Replayed: true</c>); the same key with a different request is a 422. A failed request frees its key
/// (nothing was written), so its retry runs again. Only 2xx answers are kept.
/// </summary>
public sealed class IdempotencyFilter(IIdempotencyStore store, IOptions<IdempotencyOptions> options, IOptions<JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyOptions.Header, out var values))
        {
            return await next(context);
        }

        var key = new IdempotencyKey(Actor.KeyId(http), Validate(values.ToString()), Fingerprint(context), UserId(context), CallerAccess.Of(http).Tenant);
        var begun = await store.BeginAsync(key, options.Value.InFlight, options.Value.Ttl, http.RequestAborted);
        switch (begun.Outcome)
        {
            case IdempotencyOutcome.Replay:
                return new ReplayResult(begun.Answer!);
            case IdempotencyOutcome.Mismatch:
                throw new IdempotencyException(
                    StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
            case IdempotencyOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                throw new IdempotencyException(
                    StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still running. Retry later to get its answer.");
        }

        var hold = new IdempotencyHold(key);
        http.Features.Set(hold);
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            if (!hold.Completed)
            {
                await store.AbandonAsync(key, CancellationToken.None);
            }

            throw;
        }

        if (!hold.Completed)
        {
            // A route returning Results<A, B> hands back the union; its Result is what is written.
            var written = result is INestedHttpResult nested ? nested.Result : result;
            if (written is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } status and IValueHttpResult { Value: { } value })
            {
                var body = JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
                await store.CompleteAsync(key, new IdempotentAnswer(status.StatusCode!.Value, body, null), CancellationToken.None);
            }
            else
            {
                await store.AbandonAsync(key, CancellationToken.None);
            }
        }

        return result;
    }

    private static string Validate(string key) =>
        key.Length is >= 1 and <= IdempotencyOptions.MaxKeyLength && key.All(c => c is >= '!' and <= '~')
            ? key
            : throw new IdempotencyException(
                StatusCodes.Status400BadRequest, "Invalid request",
                $"The {IdempotencyOptions.Header} header must be 1-{IdempotencyOptions.MaxKeyLength} visible ASCII characters (a UUID is a good key).");

    /// <summary>The route, the query and the bound body (as parsed: JSON formatting does not matter, content does).</summary>
    private string Fingerprint(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        var text = new StringBuilder().Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString.Value);
        foreach (var argument in context.Arguments)
        {
            if (argument is not null && argument.GetType().Name.EndsWith("Body", StringComparison.Ordinal))
            {
                text.Append('\n').Append(JsonSerializer.Serialize(argument, argument.GetType(), json.Value.SerializerOptions));
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The person the add concerns, recorded so that erasing them deletes the stored answer (it quotes their memories).</summary>
    private static string? UserId(EndpointFilterInvocationContext context) =>
        context.Arguments.Select(a => a switch
        {
            Apis.AddMemoriesBody b => b.UserId,
            Apis.Mem0.Mem0AddBody b => b.UserId,
            _ => null,
        }).FirstOrDefault(u => u is not null);

    /// <summary>The first answer, as it was sent.</summary>
    private sealed class ReplayResult(IdempotentAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = answer.StatusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers[IdempotencyOptions.ReplayedHeader] = "true";
            if (answer.Location is not null)
            {
                httpContext.Response.Headers.Location = answer.Location;
            }

            await httpContext.Response.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}
