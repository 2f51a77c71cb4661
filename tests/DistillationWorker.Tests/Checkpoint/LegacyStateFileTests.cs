using DistillationWorker.Checkpoint;

namespace DistillationWorker.Tests.Checkpoint;

public sealed class LegacyStateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distillation-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_missing_file_has_no_watermark()
    {
        Assert.Null(await new LegacyStateFile(Path.Combine(_dir, "not-yet")).TryReadWatermarkAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_watermark_of_a_file_written_by_an_earlier_worker_is_read()
    {
        var file = new LegacyStateFile(_dir);
        await File.WriteAllTextAsync(file.FilePath, """{ "watermark": 12345, "advanced_at": "2025-06-10T03:00:05+00:00" }""", TestContext.Current.CancellationToken);

        Assert.Equal(12345, await file.TryReadWatermarkAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("""{ "watermark": -1 }""")]
    public async Task A_corrupt_file_throws_instead_of_restarting_from_zero(string content)
    {
        var file = new LegacyStateFile(_dir);
        await File.WriteAllTextAsync(file.FilePath, content, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidDataException>(() => file.TryReadWatermarkAsync(TestContext.Current.CancellationToken));
    }
}
