namespace MemoryCore.Model;

/// <summary>Every timestamp is UTC with microsecond precision, the resolution both stores keep,
/// so that a value read back equals the value written.</summary>
public static class Timestamps
{
    public static DateTimeOffset Now(TimeProvider clock) => Truncate(clock.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static long ToUnixMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset FromUnixMicroseconds(long micros) => new(DateTimeOffset.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);
}
