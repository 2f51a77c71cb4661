using System.Diagnostics;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Import;

/// <summary>
/// Moving in: streams memories from a JSON Lines file or a JSON array (our shape or Mem0's), validates each like an add,
/// embeds them in batches and hands the store one transaction per batch (<see cref="IMemoryStore.ImportAsync"/>).
/// </summary>
/// <remarks>
/// Idempotent and resumable: the store skips a memory whose exact scope already holds the same text (hash) or whose id
/// exists, so running the same file again adds nothing, and after a crash or a cancellation running it again from the
/// start imports exactly what the interrupted run had not committed (every batch is all or nothing). Imported memories
/// are stored verbatim, as given: no LLM extraction, no reconciliation, no graph extraction.
/// </remarks>
public sealed class MemoryImporter(IMemoryStore store, Embedder embedder, IOptions<MemoryOptions> options, TimeProvider clock, ILogger<MemoryImporter> logger)
{
    private readonly ImportItemParser _parser = new(new RequestLimits(options.Value));

    public async Task<ImportReport> ImportAsync(Stream source, ImportFormat format, ImportOptions importOptions, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (importOptions.BatchSize is < 1 or > 50_000 || importOptions.EmbedBatchSize < 1)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "batch_size must be between 1 and 50000.");
        }

        var started = Stopwatch.GetTimestamp();
        var run = new ImportRun(importOptions.MaxListedRejections);
        var pending = new List<MemoryRecord>(importOptions.BatchSize);
        var index = importOptions.DeferVectorIndex ? await store.SuspendVectorIndexAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            var now = Timestamps.Now(clock);
            await foreach (var item in ImportSource.ReadAsync(source, format, cancellationToken).ConfigureAwait(false))
            {
                run.Lines = item.Line;
                if (Parse(item, now.AddTicks(10 * item.Line), importOptions.Tenant, run) is { } record)
                {
                    pending.Add(record);
                }
                else if (importOptions.StopOnError || item.Fatal)
                {
                    run.Stopped = true;
                    break;
                }

                if (pending.Count >= importOptions.BatchSize)
                {
                    await FlushAsync(pending, importOptions.EmbedBatchSize, run, cancellationToken).ConfigureAwait(false);
                    progress?.Report(run.Progress);
                }
            }

            await FlushAsync(pending, importOptions.EmbedBatchSize, run, cancellationToken).ConfigureAwait(false);
            await run.DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            await run.DrainQuietlyAsync().ConfigureAwait(false);
            if (index is not null)
            {
                await index.DisposeAsync().ConfigureAwait(false);
            }
        }

        progress?.Report(run.Progress);
        var elapsed = Stopwatch.GetElapsedTime(started);
        logger.LogInformation("Import finished in {Elapsed}: {Lines} lines, {Imported} imported, {Duplicates} duplicates, {Rejected} rejected",
            elapsed, run.Lines, run.Imported, run.Duplicates, run.Rejected);
        return new ImportReport(run.Lines, run.Imported, run.Duplicates, run.Rejected, run.Rejections, run.Stopped, elapsed);
    }

    private MemoryRecord? Parse(SourceItem item, DateTimeOffset defaultTime, string tenant, ImportRun run)
    {
        if (item.Error is not null)
        {
            run.Reject(item.Line, item.Error);
            return null;
        }

        try
        {
            return _parser.Parse(item.Json!.Value, defaultTime, tenant);
        }
        catch (MemoryValidationException ex)
        {
            run.Reject(item.Line, ex.Message);
            return null;
        }
    }

    private async Task FlushAsync(List<MemoryRecord> pending, int embedBatchSize, ImportRun run, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        // Lines stored by an earlier run are not embedded again: resuming a large import with a real embedder would
        // otherwise pay the whole file's embeddings a second time.
        var stored = await store.FindStoredAsync(pending, cancellationToken).ConfigureAwait(false);
        var fresh = pending.Where((_, i) => !stored.Contains(i)).ToList();
        var changes = new List<InsertMemory>(fresh.Count);
        foreach (var chunk in fresh.Chunk(embedBatchSize))
        {
            var vectors = await embedder.EmbedAsync(chunk.Select(m => m.Memory).ToList(), cancellationToken).ConfigureAwait(false);
            changes.AddRange(chunk.Select((m, i) => new InsertMemory(m, vectors[i])));
        }

        // One store transaction in flight while the next batch is parsed and embedded: the database and this process work
        // side by side. Batches still commit in file order, one at a time.
        await run.DrainAsync().ConfigureAwait(false);
        pending.Clear();
        run.Duplicates += stored.Count;
        run.InFlight = StoreAsync(changes, run, cancellationToken);
    }

    private async Task StoreAsync(List<InsertMemory> changes, ImportRun run, CancellationToken cancellationToken)
    {
        var inserted = await store.ImportAsync(changes, cancellationToken).ConfigureAwait(false);
        run.Imported += inserted.Count;
        run.Duplicates += changes.Count - inserted.Count;
        logger.LogInformation("Import progress: {Lines} lines read, {Imported} imported, {Duplicates} duplicates, {Rejected} rejected",
            run.Lines, run.Imported, run.Duplicates, run.Rejected);
    }

    private sealed class ImportRun(int maxListed)
    {
        private readonly List<ImportRejection> _rejections = [];

        public long Lines { get; set; }

        public long Imported { get; set; }

        public long Duplicates { get; set; }

        public long Rejected { get; private set; }

        public bool Stopped { get; set; }

        public Task? InFlight { get; set; }

        public IReadOnlyList<ImportRejection> Rejections => _rejections;

        public ImportProgress Progress => new(Lines, Imported, Duplicates, Rejected);

        public async Task DrainAsync()
        {
            var inFlight = InFlight;
            InFlight = null;
            if (inFlight is not null)
            {
                await inFlight.ConfigureAwait(false);
            }
        }

        /// <summary>When the run fails elsewhere (cancelled, a read error): wait for the batch in flight to commit or roll
        /// back before returning, so the caller's view of the store is final; that exception is the one reported.</summary>
        public async Task DrainQuietlyAsync()
        {
            try
            {
                await DrainAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // already surfaced through DrainAsync on the normal path, or superseded by the exception propagating now
            }
        }

        public void Reject(long line, string reason)
        {
            Rejected++;
            if (_rejections.Count < maxListed)
            {
                _rejections.Add(new ImportRejection(line, reason));
            }
        }
    }
}
