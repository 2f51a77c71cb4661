using Cronos;

namespace DistillationWorker.Scheduling;

/// <summary>
/// The cron schedule of automatic passes (Cronos, standard 5-field syntax or macros such as @daily), read in a time
/// zone (UTC by default, so daylight-saving changes never skip or repeat a night). Empty or "off" disables it.
/// </summary>
public sealed class DistillationSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;

    private DistillationSchedule(string? expression, CronExpression? cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        _zone = zone;
    }

    public string? Expression { get; }

    public bool IsEnabled => _cron is not null;

    /// <summary>Throws <see cref="FormatException"/> (bad cron) or <see cref="InvalidTimeZoneException"/> (unknown zone), so start-up fails loudly.</summary>
    public static DistillationSchedule Parse(string? expression, string? timeZoneId)
    {
        var zone = string.IsNullOrWhiteSpace(timeZoneId) || timeZoneId.Trim() is "UTC" or "Etc/UTC"
            ? TimeZoneInfo.Utc
            : FindZone(timeZoneId.Trim());
        if (string.IsNullOrWhiteSpace(expression) || string.Equals(expression.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return new DistillationSchedule(null, null, zone);
        }

        try
        {
            return new DistillationSchedule(expression.Trim(), CronExpression.Parse(expression.Trim(), CronFormat.Standard), zone);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"Distillation:Schedule '{expression}' is not a valid 5-field cron expression: {ex.Message}", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="from"/>, or null when disabled or none is left.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset from) => _cron?.GetNextOccurrence(from, _zone, inclusive: false);

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new InvalidTimeZoneException($"Distillation:TimeZone '{id}' is not a known time zone.", ex);
        }
    }
}
