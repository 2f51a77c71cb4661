using DistillationWorker.Scheduling;

namespace DistillationWorker.Tests.Scheduling;

public sealed class DistillationScheduleTests
{
    private static readonly DateTimeOffset BeforeThree = new(2025, 6, 10, 2, 59, 0, TimeSpan.Zero);

    [Fact]
    public void Nightly_default_fires_at_three_utc()
    {
        var schedule = DistillationSchedule.Parse("0 3 * * *", "UTC");

        Assert.True(schedule.IsEnabled);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 3, 0, 0, TimeSpan.Zero), schedule.NextAfter(BeforeThree));
    }

    [Fact]
    public void The_next_occurrence_is_strictly_after_now()
    {
        var schedule = DistillationSchedule.Parse("0 3 * * *", null);
        var atThree = new DateTimeOffset(2025, 6, 10, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(atThree.AddDays(1), schedule.NextAfter(atThree));
    }

    [Fact]
    public void A_non_utc_offset_input_is_compared_as_an_instant()
    {
        var schedule = DistillationSchedule.Parse("30 1 * * 1", "UTC"); // Mondays 01:30 UTC
        var sundayEveningInNewYork = new DateTimeOffset(2025, 6, 15, 20, 0, 0, TimeSpan.FromHours(-4)); // Mon 00:00 UTC

        Assert.Equal(new DateTimeOffset(2025, 6, 16, 1, 30, 0, TimeSpan.Zero), schedule.NextAfter(sundayEveningInNewYork)?.ToUniversalTime());
    }

    [Theory]
    [InlineData("")]
    [InlineData("off")]
    [InlineData(" OFF ")]
    [InlineData(null)]
    public void Empty_or_off_disables_the_schedule(string? expression)
    {
        var schedule = DistillationSchedule.Parse(expression, "UTC");

        Assert.False(schedule.IsEnabled);
        Assert.Null(schedule.NextAfter(BeforeThree));
    }

    [Theory]
    [InlineData("0 3 * *")]
    [InlineData("61 3 * * *")]
    [InlineData("nightly")]
    public void A_bad_expression_fails_loudly(string expression) =>
        Assert.Throws<FormatException>(() => DistillationSchedule.Parse(expression, "UTC"));

    [Fact]
    public void An_unknown_time_zone_fails_loudly() =>
        Assert.Throws<InvalidTimeZoneException>(() => DistillationSchedule.Parse("0 3 * * *", "Mars/Olympus_Mons"));
}
