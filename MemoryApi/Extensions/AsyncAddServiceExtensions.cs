using MemoryApi.Events;
using MemoryApi.Idempotency;

namespace MemoryApi.Extensions;

public static class AsyncAddServiceExtensions
{
    /// <summary>Queued adds (the workers and the routes' helper) and Idempotency-Key handling.</summary>
    public static IHostApplicationBuilder AddAsyncAdds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AddEventOptions>().BindConfiguration("Events");
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency");
        builder.Services.AddSingleton<AddEventSignal>();
        builder.Services.AddSingleton<AsyncAdds>();
        builder.Services.AddSingleton<IdempotencyFilter>();
        builder.Services.AddHostedService<AddEventWorker>();
        builder.Services.AddHostedService<IdempotencyPurgeService>();
        return builder;
    }
}
