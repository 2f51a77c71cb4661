namespace MemoryApi.Idempotency;

/// <summary>Idempotency-Key handling (section "Idempotency").</summary>
public sealed class IdempotencyOptions
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long a key's first answer is kept and replayed.</summary>
    public double TtlHours { get; set; } = 24;

    /// <summary>How long a key whose first request is still running is held; after that (its process died) a retry runs again.</summary>
    public double InFlightSeconds { get; set; } = 300;

    public TimeSpan Ttl => TimeSpan.FromHours(Math.Max(1.0 / 3600, TtlHours));

    public TimeSpan InFlight => TimeSpan.FromSeconds(Math.Max(1, InFlightSeconds));
}
