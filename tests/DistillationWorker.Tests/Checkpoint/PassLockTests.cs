using DistillationWorker.Checkpoint;

namespace DistillationWorker.Tests.Checkpoint;

public sealed class PassLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distillation-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_second_acquire_is_refused_until_the_first_is_released()
    {
        using (var first = PassLock.TryAcquire(_dir))
        {
            Assert.NotNull(first);
            Assert.Null(PassLock.TryAcquire(_dir));
        }

        using var again = PassLock.TryAcquire(_dir);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Concurrent_acquires_let_exactly_one_in()
    {
        using var start = new Barrier(8);
        var locks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return PassLock.TryAcquire(_dir);
        }, TestContext.Current.CancellationToken)));
        try
        {
            Assert.Single(locks, l => l is not null);
        }
        finally
        {
            foreach (var l in locks)
            {
                l?.Dispose();
            }
        }
    }

    [Fact]
    public void An_unusable_folder_is_an_error_not_busy()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");

        Assert.ThrowsAny<IOException>(() => PassLock.TryAcquire(Path.Combine(file, "sub")));
    }
}
