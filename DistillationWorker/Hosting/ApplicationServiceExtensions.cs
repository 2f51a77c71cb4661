using System.Net.Http.Headers;
using System.Text.Json;
using DistillationWorker.Client;
using DistillationWorker.Distillers;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Distillers.Llm;
using DistillationWorker.Pass;
using DistillationWorker.Scheduling;
using MemoryCore.Extraction.Llm;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>At least 15 s, so renewals (every TTL/3) are not a stream of requests; at most MemoryApi's limit of a day.</summary>
    private const int MinLeaseTtlSeconds = 15;
    private const int MaxLeaseTtlSeconds = 86_400;

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DistillationOptions>().BindConfiguration(DistillationOptions.SectionName)
            .Validate(o => o.SettleSeconds >= 0, "Distillation:SettleSeconds must be 0 or more.")
            .Validate(o => o.LookbackDays >= 1, "Distillation:LookbackDays must be at least 1.")
            .Validate(o => o.MinConversations >= 2, "Distillation:MinConversations must be at least 2 (a pattern recurs).")
            .Validate(o => o.MaxTopics >= 0 && o.MinMoodWords >= 1 && o.LlmMaxTurns >= 1, "Distillation:MaxTopics, MinMoodWords and LlmMaxTurns must not be negative or zero.")
            .Validate(o => o.MoodShift is > 0 and <= 1, "Distillation:MoodShift must be in (0, 1].")
            .Validate(o => o.LeaseTtlSeconds is >= MinLeaseTtlSeconds and <= MaxLeaseTtlSeconds, $"Distillation:LeaseTtlSeconds must be {MinLeaseTtlSeconds}-{MaxLeaseTtlSeconds}.")
            .ValidateOnStart();
        services.AddOptions<MemoryApiOptions>().BindConfiguration(MemoryApiOptions.SectionName).Configure<IConfiguration>((o, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(o.ApiKey))
            {
                o.ApiKey = configuration["MEMORY_API_KEY"];
            }
        });
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // Retries, timeouts and the circuit breaker: ServiceDefaults' ConfigureHttpClientDefaults adds the standard
        // resilience handler (and service discovery) to this client like to every other.
        services.AddHttpClient<MemoryApiClient>((sp, http) =>
        {
            http.BaseAddress = MemoryApiOptions.ResolveBaseAddress(sp.GetRequiredService<IConfiguration>());
            if (sp.GetRequiredService<IOptions<MemoryApiOptions>>().Value.ApiKey is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key.Trim());
            }
        });

        AddDistiller(services, builder.Configuration);
        services.AddTransient<PersonDistillation>();
        services.AddTransient<DistillationPass>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DistillationOptions>>().Value;
            return DistillationSchedule.Parse(o.Schedule, o.TimeZone);
        });
        services.AddHostedService<ScheduledDistillationService>();

        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>The LLM distiller when Llm:Model is set (as in MemoryApi), else the offline heuristic one.</summary>
    private static void AddDistiller(IServiceCollection services, IConfiguration configuration)
    {
        var llm = configuration.GetSection(LlmOptions.SectionName).Get<LlmOptions>() ?? new LlmOptions();
        if (llm.IsConfigured)
        {
            services.TryAddSingleton<IChatClient>(sp => OpenAiCompatibleProviders.CreateChatClient(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
            services.AddSingleton<IPatternDistiller, LlmPatternDistiller>();
        }
        else
        {
            services.AddSingleton<IPatternDistiller, HeuristicPatternDistiller>();
        }
    }
}
