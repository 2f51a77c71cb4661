using DistillationWorker.Checkpoint;

namespace DistillationWorker.Tests.Checkpoint;

public sealed class DistillationStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distillation-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_missing_file_means_watermark_zero()
    {
        var state = await new DistillationStateStore(Path.Combine(_dir, "not-yet")).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DistillationState.Initial, state);
    }

    [Fact]
    public async Task Saved_state_round_trips_and_leaves_no_temp_file()
    {
        var store = new DistillationStateStore(Path.Combine(_dir, "nested", "folder"));
        var saved = new DistillationState(12345, new DateTimeOffset(2025, 6, 10, 3, 0, 5, TimeSpan.Zero));

        await store.SaveAsync(new DistillationState(7, null), TestContext.Current.CancellationToken);
        await store.SaveAsync(saved, TestContext.Current.CancellationToken);

        Assert.Equal(saved, await new DistillationStateStore(Path.Combine(_dir, "nested", "folder")).LoadAsync(TestContext.Current.CancellationToken));
        Assert.Equal([DistillationStateStore.FileName], Directory.GetFiles(Path.Combine(_dir, "nested", "folder")).Select(Path.GetFileName));
        Assert.Contains("\"watermark\": 12345", await File.ReadAllTextAsync(store.FilePath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_corrupt_file_throws_instead_of_restarting_from_zero()
    {
        var store = new DistillationStateStore(_dir);
        await File.WriteAllTextAsync(store.FilePath, "{ not json", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(TestContext.Current.CancellationToken));
    }
}
