using Microsoft.AspNetCore.Authentication;

namespace MemoryApi.Auth;

public static class AuthServiceExtensions
{
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth").Configure<IConfiguration>((options, configuration) =>
        {
            AddKey(options.ApiKeys, configuration["MEMORY_API_KEY"]);
            AddKey(options.AdminKeys, configuration["MEMORY_ADMIN_KEY"]);
        });
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.MemoryPolicy, policy => policy.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true ||
                (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<ApiKeyStore>().IsOpen)))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => policy.RequireRole(ApiKeyDefaults.AdminRole));
        return builder;
    }

    private static void AddKey(List<string> keys, string? key)
    {
        if (!string.IsNullOrWhiteSpace(key) && !keys.Contains(key.Trim()))
        {
            keys.Add(key.Trim());
        }
    }
}
