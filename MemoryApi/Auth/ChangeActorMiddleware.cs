using System.Diagnostics;
using System.Security.Claims;
using MemoryCore.Model;

namespace MemoryApi.Auth;

/// <summary>
/// Sets <see cref="ChangeActorContext"/> for the rest of the request, after authentication: the key's id (null when
/// the request is anonymous) and the W3C trace id, so every history row the request writes names both.
/// </summary>
public static class ChangeActorMiddleware
{
    public static IApplicationBuilder UseChangeActor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        using var actor = ChangeActorContext.Use(new ChangeActor(context.User.FindFirstValue(ApiKeyDefaults.KeyIdClaim), TraceId(context)));
        await next(context);
    });

    /// <summary>The request activity's trace id (continued from the caller's traceparent); without an activity (no
    /// listener), the traceparent header itself.</summary>
    public static string? TraceId(HttpContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return activity.TraceId.ToHexString();
        }

        return ActivityContext.TryParse(context.Request.Headers.TraceParent, null, out var parent) ? parent.TraceId.ToHexString() : null;
    }
}
