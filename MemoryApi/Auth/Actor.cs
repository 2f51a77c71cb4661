using System.Diagnostics;

namespace MemoryApi.Auth;

/// <summary>Who sent a request, for records of who did what: the API key's id (never the key) and the W3C trace id.</summary>
public static class Actor
{
    public static string KeyId(HttpContext context) =>
        context.User.FindFirst(ApiKeyDefaults.KeyIdClaim)?.Value ?? ApiKeyDefaults.OpenKeyId;

    public static bool IsAdmin(HttpContext context) => context.User.IsInRole(ApiKeyDefaults.AdminRole);

    /// <summary>A configured admin key: the operator of every tenant.</summary>
    public static bool IsOperator(HttpContext context) => context.User.IsInRole(ApiKeyDefaults.OperatorRole);

    /// <summary>The request's trace id (32 hex digits), or null outside a trace.</summary>
    public static string? TraceId() => Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;
}
