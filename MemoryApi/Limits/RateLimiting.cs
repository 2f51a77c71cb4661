using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using MemoryApi.Auth;
using MemoryApi.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MemoryApi.Limits;

/// <summary>
/// Per-caller rate limits with ASP.NET Core's rate limiter: one fixed window per (caller, kind of route). Runs after
/// authentication, so a key is counted by its id, and an invalid key (anonymous until authorization refuses it)
/// by the client's IP: guessing keys is limited too. Routes without an API-key policy (health, OpenAPI) are not limited.
/// A refused request gets a 429 problem and Retry-After.
/// </summary>
public static class RateLimiting
{
    public static IHostApplicationBuilder AddMemoryRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits");
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    public static IApplicationBuilder UseMemoryRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var kind = RouteKinds.Of(context);
        if (!options.Enabled || kind is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var rule = kind switch { RouteKinds.Admin => options.Admin, RouteKinds.Read => options.Read, _ => options.Write };
        var caller = context.User.FindFirstValue(ApiKeyDefaults.KeyIdClaim) is { } keyId
            ? "key:" + keyId
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetFixedWindowLimiter($"{kind}|{caller}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, rule.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, rule.WindowSeconds)),
            QueueLimit = Math.Max(0, rule.QueueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.WriteProblemAsync(
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"This caller's rate limit for this kind of route is used up; retry after {seconds} s (RateLimits in the server's configuration).");
    }
}
