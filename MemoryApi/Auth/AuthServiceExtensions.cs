using MemoryApi.Limits;
using MemoryApi.Mcp;
using Microsoft.AspNetCore.Authentication;

namespace MemoryApi.Auth;

public static class AuthServiceExtensions
{
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth").Configure<IConfiguration>((options, configuration) =>
        {
            options.BootstrapAppKey ??= configuration["MEMORY_API_KEY"];
            options.BootstrapAdminKey ??= configuration["MEMORY_ADMIN_KEY"];
        });
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<OpenAccessGuard>();
        builder.Services.AddHostedService<OpenAccessStartupLog>();
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.MemoryPolicy, policy => policy.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true ||
                (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<ApiKeyStore>().IsOpen)))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => policy.RequireRole(ApiKeyDefaults.AdminRole))
            .AddPolicy(ApiKeyDefaults.OperatorPolicy, policy => policy.RequireRole(ApiKeyDefaults.OperatorRole));
        return builder;
    }

    /// <summary>A key with the read role on a route that writes: 403 before anything runs.</summary>
    private static IApplicationBuilder UseReadRoleGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.IsInRole(ApiKeyDefaults.ReadRole) && RouteKinds.Of(context) == RouteKinds.Write)
        {
            await ApiKeyAuthenticationHandler.WriteReadOnlyForbiddenAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>Authentication, then who-did-it, the open-door rule, key roles and the rate limits, then authorization.</summary>
    public static IApplicationBuilder UseApiKeyAuth(this IApplicationBuilder app) => app
        .UseAuthentication()
        .UseChangeActor()
        .UseOpenAccessGuard()
        .UseMcpRouteKinds()
        .UseReadRoleGuard()
        .UseMemoryRateLimits()
        .UseAuthorization();
}

/// <summary>Logs the open-door warning once the server has bound its addresses.</summary>
internal sealed class OpenAccessStartupLog(OpenAccessGuard guard, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(guard.LogAtStartup);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
