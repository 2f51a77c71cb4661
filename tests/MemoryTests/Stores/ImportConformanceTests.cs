using System.Text;
using MemoryCore.Embeddings;
using MemoryCore.Engine;
using MemoryCore.Import;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>Bulk import (issue 9, "Moving in") against every store: the store's batch contract, then the streaming
/// importer on top of it (counts, bad lines, idempotency, a crash mid-import).</summary>
public abstract class ImportConformanceTests : FreshStoreTests
{
    [Fact]
    public async Task A_batch_is_stored_with_its_history_and_vectors()
    {
        var tea = Insert(User("ana"), "I like green tea.", new { source = "mem0" });
        var dog = Insert(User("bob", "helper"), "My dog is called Rex.");

        var inserted = await Store.ImportAsync([tea, dog], CancellationToken.None);

        Assert.Equal(new[] { tea.MemoryId, dog.MemoryId }.Order(), inserted.Order());
        var read = await Store.GetAsync(tea.MemoryId, CancellationToken.None);
        Assert.Equal(("I like green tea.", tea.Memory.Hash, "mem0"), (read!.Memory, read.Hash, read.Metadata["source"].GetString()));
        Assert.Equal(tea.Memory.CreatedAt, read.CreatedAt);
        var history = Assert.Single(await Store.GetHistoryAsync(dog.MemoryId, CancellationToken.None));
        Assert.Equal((MemoryEvent.Add, "My dog is called Rex.", (string?)null), (history.Event, history.NewMemory, history.OldMemory));
        var found = await Store.SearchAsync(User("bob"), Vector("My dog is called Rex."), null, 1, CancellationToken.None);
        Assert.Equal(dog.MemoryId, Assert.Single(found).Memory.Id);
    }

    [Fact]
    public async Task A_duplicate_is_the_same_text_in_the_same_exact_scope_only()
    {
        var existing = await AddAsync(Store, User("ana"), "I like green tea.");
        var again = Insert(User("ana"), "I like green tea.");
        var otherRun = Insert(User("ana", run: "r1"), "I like green tea.");
        var otherUser = Insert(User("bob"), "I like green tea.");
        var first = Insert(User("cid"), "I swim on Mondays.");
        var sameInBatch = Insert(User("cid"), "I swim on Mondays.");

        var inserted = await Store.ImportAsync([again, otherRun, otherUser, first, sameInBatch], CancellationToken.None);

        Assert.Equal(new[] { otherRun.MemoryId, otherUser.MemoryId, first.MemoryId }.Order(), inserted.Order());
        Assert.Null(await Store.GetAsync(again.MemoryId, CancellationToken.None));
        Assert.Null(await Store.GetAsync(sameInBatch.MemoryId, CancellationToken.None));
        Assert.Equal([existing.Id], (await AllAsync(User("ana", run: null))).Where(m => m.RunId is null).Select(m => m.Id));
    }

    [Fact]
    public async Task A_memory_whose_id_exists_is_skipped_even_when_its_text_changed_since()
    {
        var original = Insert(User("ana"), "I like green tea.");
        await Store.ImportAsync([original], CancellationToken.None);
        var edited = original with { Memory = original.Memory with { Memory = "I like black tea.", Hash = MemoryHash.Compute("I like black tea.") } };

        var inserted = await Store.ImportAsync([edited], CancellationToken.None);

        Assert.Empty(inserted);
        Assert.Equal("I like green tea.", (await Store.GetAsync(original.MemoryId, CancellationToken.None))!.Memory);
        Assert.Single(await Store.GetHistoryAsync(original.MemoryId, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_memorys_id_stays_taken_even_for_another_tenant()
    {
        // Found by the isolation probes: another tenant's import could take a deleted memory's id, which joined the two
        // histories and made the owner's history of it "not found".
        var ana = User("ana");
        var memory = await AddAsync(Store, ana, "My locker code is 4711.");
        await using (var writer = await Store.OpenWriterAsync(ana, CancellationToken.None))
        {
            await writer.CommitAsync([new DeleteMemory(memory.Id, memory.Memory)], CancellationToken.None);
        }

        var elsewhere = Insert(MemoryScope.Create("ana", null, null, "t2"), "Imported by another tenant.");
        var reused = elsewhere with { Memory = elsewhere.Memory with { Id = memory.Id } };

        Assert.Equal(new[] { 0 }, await Store.FindStoredAsync([reused.Memory], CancellationToken.None));
        Assert.Empty(await Store.ImportAsync([reused], CancellationToken.None));
        Assert.Null(await Store.GetAsync(memory.Id, CancellationToken.None));
        var history = await Store.GetHistoryAsync(memory.Id, CancellationToken.None);
        Assert.Equal([MemoryEvent.Add, MemoryEvent.Delete], history.Select(h => h.Event));
        Assert.All(history, h => Assert.Equal(MemoryScope.DefaultTenant, h.Scope!.Tenant));
    }

    [Fact]
    public async Task Search_stays_right_while_the_vector_index_is_suspended_and_after_it_is_rebuilt()
    {
        var index = await Store.SuspendVectorIndexAsync(CancellationToken.None);
        var tea = Insert(User("ana"), "I like green tea.");
        await Store.ImportAsync([tea, Insert(User("ana"), "My dog is called Rex.")], CancellationToken.None);
        Assert.Equal(tea.MemoryId, (await Store.SearchAsync(User("ana"), Vector("green tea"), null, 1, CancellationToken.None))[0].Memory.Id);

        await index.DisposeAsync();

        Assert.Equal(tea.MemoryId, (await Store.SearchAsync(User("ana"), Vector("green tea"), null, 1, CancellationToken.None))[0].Memory.Id);
    }

    [Fact]
    public async Task The_importer_counts_imported_duplicates_and_rejected_lines_with_their_numbers()
    {
        await AddAsync(Store, User("ana"), "I like green tea.");
        var file = Lines(
            """{"memory":"I like green tea.","user_id":"ana"}""",
            """{"memory":"I swim on Mondays.","user_id":"ana","metadata":{"source":"mem0"},"created_at":"2024-07-20T01:56:07.219475-07:00","hash":"not-trusted"}""",
            "{not json",
            "",
            """{"memory":"No scope here."}""",
            """{"text":"My run.","session_id":"s1","categories":["sport"]}""",
            """{"memory":"Bad id","user_id":"ana","id":"nope"}""",
            """["an","array"]""");

        var report = await ImportAsync(file, new ImportOptions { BatchSize = 2 });

        Assert.Equal((8L, 2L, 1L, 4L, false), (report.Lines, report.Imported, report.Duplicates, report.Rejected, report.Stopped));
        Assert.Equal([3L, 5L, 7L, 8L], report.Rejections.Select(r => r.Line));
        Assert.Contains("not valid JSON", report.Rejections[0].Reason, StringComparison.Ordinal);
        Assert.Contains("user_id, agent_id or run_id", report.Rejections[1].Reason, StringComparison.Ordinal);
        Assert.Contains("UUID", report.Rejections[2].Reason, StringComparison.Ordinal);
        var swim = Assert.Single(await AllAsync(User("ana")), m => m.Memory == "I swim on Mondays.");
        Assert.Equal((MemoryHash.Compute("I swim on Mondays."), "mem0"), (swim.Hash, swim.Metadata["source"].GetString()));
        Assert.Equal(DateTimeOffset.Parse("2024-07-20T08:56:07.219475Z", System.Globalization.CultureInfo.InvariantCulture), swim.CreatedAt);
        var run = Assert.Single(await AllAsync(MemoryScope.Create(null, null, "s1")));
        Assert.Equal("sport", run.Metadata["categories"][0].GetString());
    }

    [Fact]
    public async Task Running_the_same_file_again_adds_nothing()
    {
        var file = Lines(Enumerable.Range(0, 25).Select(i => $$"""{"memory":"Fact number {{i}}.","user_id":"u{{i % 3}}"}""").ToArray());
        var first = await ImportAsync(file, new ImportOptions { BatchSize = 7 });

        var second = await ImportAsync(file, new ImportOptions { BatchSize = 4 });

        Assert.Equal((25L, 0L), (first.Imported, first.Duplicates));
        Assert.Equal((0L, 25L, 0L), (second.Imported, second.Duplicates, second.Rejected));
        Assert.Equal(25, (await AllOfUsersAsync(3)).Count);
    }

    [Fact]
    public async Task A_rerun_embeds_only_the_lines_not_stored_yet()
    {
        string[] lines =
        [
            """{"memory":"I like green tea.","user_id":"ana"}""",
            """{"memory":"My dog is called Rex.","user_id":"ana","id":"5d0c1a3e-7f1b-4a52-8c2e-0b6f6a1d9e01"}""",
            """{"memory":"I swim on Mondays.","user_id":"ana"}""",
        ];
        await ImportAsync(Lines(lines[0], lines[1]), new ImportOptions());
        var counting = new CountingGenerator(new HashingEmbeddingGenerator(Dimensions));

        var report = await ImportAsync(new MemoryStream(Lines(lines)), new ImportOptions(), ImportFormat.JsonLines, CancellationToken.None, counting);

        Assert.Equal((1L, 2L), (report.Imported, report.Duplicates));
        Assert.Equal(1, counting.Texts);
        Assert.Equal(new[] { 1 }, (await Store.FindStoredAsync([Insert(User("ana"), "new").Memory, Insert(User("ana"), "I like green tea.").Memory], CancellationToken.None)).Order());
    }

    [Fact]
    public async Task Stop_on_error_keeps_what_came_before_the_bad_line_and_reads_no_further()
    {
        var file = Lines(
            """{"memory":"One.","user_id":"ana"}""",
            """{"memory":"\u0000","user_id":"ana"}""",
            """{"memory":"Three.","user_id":"ana"}""");

        var report = await ImportAsync(file, new ImportOptions { StopOnError = true });

        Assert.Equal((2L, 1L, 1L, true), (report.Lines, report.Imported, report.Rejected, report.Stopped));
        Assert.Contains("NUL", Assert.Single(report.Rejections).Reason, StringComparison.Ordinal);
        Assert.Equal(["One."], (await AllAsync(User("ana"))).Select(m => m.Memory));
    }

    [Fact]
    public async Task A_JSON_array_is_read_item_by_item_like_Mem0s_get_all_results()
    {
        var file = Encoding.UTF8.GetBytes("""[{"id":"3f5ac6c1-1b9e-4f3a-9d6e-2f1b8a6c0d11","memory":"Likes jazz.","user_id":"ana","agent_id":"helper","hash":"x","updated_at":null}, {"memory":""}]""");

        var report = await ImportAsync(file, new ImportOptions(), ImportFormat.JsonArray);

        Assert.Equal((2L, 1L, 1L), (report.Lines, report.Imported, report.Rejected));
        var jazz = await Store.GetAsync(Guid.Parse("3f5ac6c1-1b9e-4f3a-9d6e-2f1b8a6c0d11"), CancellationToken.None);
        Assert.Equal(("Likes jazz.", "helper"), (jazz!.Memory, jazz.AgentId));
    }

    [Fact]
    public async Task A_crash_mid_import_then_a_rerun_leaves_exactly_the_file()
    {
        var lines = Enumerable.Range(0, 600).Select(i => $$"""{"memory":"Fact number {{i}}.","user_id":"u{{i % 5}}"}""").ToArray();
        var file = Lines(lines);
        using var crash = new CancellationTokenSource();
        var interrupted = new InterruptingStream(file, crash, afterBytes: file.Length / 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(interrupted, new ImportOptions { BatchSize = 50 }, ImportFormat.JsonLines, crash.Token));
        var partial = (await AllOfUsersAsync(5)).Count;
        var rerun = await ImportAsync(file, new ImportOptions { BatchSize = 64 });

        Assert.InRange(partial, 1, 599);
        Assert.Equal((600L - partial, (long)partial), (rerun.Imported, rerun.Duplicates));
        var all = await AllOfUsersAsync(5);
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"Fact number {i}.").Order(StringComparer.Ordinal), all.Select(m => m.Memory).Order(StringComparer.Ordinal));
        foreach (var memory in all.Take(20))
        {
            Assert.Equal(MemoryEvent.Add, Assert.Single(await Store.GetHistoryAsync(memory.Id, CancellationToken.None)).Event);
        }
    }

    private Task<ImportReport> ImportAsync(byte[] file, ImportOptions options, ImportFormat format = ImportFormat.JsonLines) =>
        ImportAsync(new MemoryStream(file), options, format, CancellationToken.None);

    private Task<ImportReport> ImportAsync(
        Stream file, ImportOptions options, ImportFormat format, CancellationToken cancellationToken,
        Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? generator = null)
    {
        var importer = new MemoryImporter(
            Store, new Embedder(generator ?? new HashingEmbeddingGenerator(Dimensions), Identity), Options.Create(new MemoryOptions()),
            TimeProvider.System, NullLogger<MemoryImporter>.Instance);
        return importer.ImportAsync(file, format, options, progress: null, cancellationToken);
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private async Task<IReadOnlyList<MemoryRecord>> AllAsync(MemoryScope scope) =>
        (await Store.ListAsync(scope, null, 10_000, null, CancellationToken.None)).Items;

    private async Task<List<MemoryRecord>> AllOfUsersAsync(int users)
    {
        var all = new List<MemoryRecord>();
        for (var u = 0; u < users; u++)
        {
            all.AddRange(await AllAsync(User($"u{u}")));
        }

        return all;
    }

    /// <summary>Counts the texts sent to the embedder.</summary>
    private sealed class CountingGenerator(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> inner)
        : Microsoft.Extensions.AI.DelegatingEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>(inner)
    {
        public int Texts { get; private set; }

        public override Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            Texts += list.Count;
            return base.GenerateAsync(list, options, cancellationToken);
        }
    }

    /// <summary>Serves the file in small reads and cancels the import once <paramref name="afterBytes"/> were read: a crash
    /// at an arbitrary point, with a batch possibly in flight.</summary>
    private sealed class InterruptingStream(byte[] data, CancellationTokenSource crash, int afterBytes) : MemoryStream(data)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= afterBytes)
            {
                await crash.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 512)], cancellationToken);
        }
    }
}

public sealed class SqliteImportConformanceTests : ImportConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresImportConformanceTests : ImportConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
