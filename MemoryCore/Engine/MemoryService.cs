using MemoryCore.Extraction;
using MemoryCore.Filtering;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Engine;

/// <summary>The memory engine: add, search, read, update, delete, audit. Hosts (the HTTP API, the worker) call only this.</summary>
public sealed partial class MemoryService
{
    private readonly IMemoryStore _store;
    private readonly Embedder _embedder;
    private readonly TimeProvider _clock;
    private readonly RequestLimits _limits;
    private readonly AddMemoryPipeline _add;
    private readonly HybridSearch _search;

    public MemoryService(
        IMemoryStore store,
        Embedder embedder,
        IFactExtractor extractor,
        IMemoryReconciler reconciler,
        IOptions<MemoryOptions> options,
        TimeProvider clock,
        ILogger<MemoryService> logger,
        HybridSearch search,
        Graph.Engine.GraphMemory? graph = null)
    {
        _graph = graph;
        _search = search;
        _store = store;
        _embedder = embedder;
        _clock = clock;
        _limits = new RequestLimits(options.Value);
        _add = new AddMemoryPipeline(store, embedder, extractor, reconciler, options.Value, clock, logger, graph);
    }

    public Task<IReadOnlyList<MemoryEventResult>> AddAsync(AddMemoryRequest request, CancellationToken cancellationToken) =>
        AddAsync(request, null, cancellationToken);

    /// <summary>An add whose commit also carries <paramref name="complete"/>'s change (a queued add's completion), so
    /// the memories and that change are applied together or not at all.</summary>
    public Task<IReadOnlyList<MemoryEventResult>> AddAsync(AddMemoryRequest request, AddCompletion? complete, CancellationToken cancellationToken)
    {
        _limits.CheckAdd(request);
        return request.Infer
            ? _add.AddInferredAsync(request, complete, cancellationToken)
            : _add.AddVerbatimAsync(request, complete, cancellationToken);
    }

    /// <summary>Checks an add against the limits without running it (an async add is refused at once, never queued to fail).</summary>
    public void CheckAdd(AddMemoryRequest request) => _limits.CheckAdd(request);

    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(SearchMemoryRequest request, CancellationToken cancellationToken)
    {
        _limits.CheckSearch(request);
        var mode = request.Mode ?? _search.DefaultMode;
        var vector = SearchModes.NeedsVector(mode) ? await _embedder.EmbedQueryAsync(request.Query, cancellationToken).ConfigureAwait(false) : ReadOnlyMemory<float>.Empty;
        using var activity = MemoryTelemetry.Stage("search");
        activity?.SetTag("memory.search_mode", SearchModes.Name(mode));
        var results = await _search.SearchAsync(request, mode, vector, cancellationToken).ConfigureAwait(false);
        return request.Threshold is { } threshold ? results.Where(r => r.Score >= threshold).ToList() : results;
    }

    public async Task<MemoryRecord> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new MemoryNotFoundException(id);

    public Task<MemoryPage> ListAsync(MemoryScope scope, MetadataFilter? filter, int limit, PageCursor? after, CancellationToken cancellationToken)
    {
        _limits.CheckListLimit(limit);
        return _store.ListAsync(scope, filter, limit, after, cancellationToken);
    }

    /// <summary>Replaces the text (re-embedded) and/or the metadata; writes an UPDATE history row.</summary>
    public async Task<MemoryRecord> UpdateAsync(UpdateMemoryRequest request, CancellationToken cancellationToken)
    {
        if (request.Text is null && request.Metadata is null)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "Give text, metadata or both.");
        }

        var text = request.Text?.Trim();
        if (text is not null)
        {
            _limits.CheckMemoryText(text);
        }

        _limits.CheckMetadata(request.Metadata);
        var existing = await GetAsync(request.Id, cancellationToken).ConfigureAwait(false);
        // Not a conditional expression: "cond ? memory : null" converts null to an empty vector, not to a null one.
        ReadOnlyMemory<float>? vector = null;
        if (text is not null && text != existing.Memory)
        {
            vector = await _embedder.EmbedAsync(text, cancellationToken).ConfigureAwait(false);
        }

        await using var writer = await _store.OpenWriterAsync(existing.Scope, cancellationToken).ConfigureAwait(false);
        var current = await writer.GetAsync(request.Id, cancellationToken).ConfigureAwait(false) ?? throw new MemoryNotFoundException(request.Id);
        var newText = text ?? current.Memory;
        if (vector is null && newText != current.Memory)
        {
            // The text changed between our read and the lock; embed what we are about to store.
            vector = await _embedder.EmbedAsync(newText, cancellationToken).ConfigureAwait(false);
        }

        var now = Timestamps.Now(_clock);
        var metadata = request.Metadata ?? current.Metadata;
        var hash = MemoryHash.Compute(newText);
        await CommitUpdateAsync(writer, new UpdateMemory(current.Id, current.Memory, newText, hash, vector, metadata, now), cancellationToken).ConfigureAwait(false);
        MemoryTelemetry.Count(MemoryEvent.Update);
        return current with { Memory = newText, Hash = hash, Metadata = metadata, UpdatedAt = now };
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        await using var writer = await _store.OpenWriterAsync(existing.Scope, cancellationToken).ConfigureAwait(false);
        var current = await writer.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new MemoryNotFoundException(id);
        await CommitDeleteAsync(writer, new DeleteMemory(current.Id, current.Memory), cancellationToken).ConfigureAwait(false);
        MemoryTelemetry.Count(MemoryEvent.Delete);
    }

    /// <summary>Deletes every memory of the scope (all of them, however many) and nothing outside it.</summary>
    public async Task<int> DeleteAllAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        var deleted = await _store.DeleteScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        await AfterEraseAsync(scope, cancellationToken).ConfigureAwait(false);
        MemoryTelemetry.Count(MemoryEvent.Delete, deleted.Count);
        return deleted.Count;
    }

    /// <summary>Every id that owns memories, per kind, with its count (Mem0's entity listing).</summary>
    public Task<IReadOnlyList<EntitySummary>> ListEntitiesAsync(CancellationToken cancellationToken) => _store.ListEntitiesAsync(cancellationToken);

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid id, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        return history.Count > 0 ? history : throw new MemoryNotFoundException(id);
    }

    /// <summary>Sets a memory back to the text one of its history rows recorded (history UPDATE), keeping its metadata.</summary>
    public async Task<MemoryRecord> RevertAsync(Guid id, Guid historyId, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        var version = history.FirstOrDefault(h => h.Id == historyId)
            ?? throw new MemoryValidationException(ValidationFailure.Invalid, $"History row '{historyId}' does not belong to memory '{id}'.");
        if (version.NewMemory is not { } text)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"History row '{historyId}' is a deletion; there is no version to revert to.");
        }

        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return text == current.Memory
            ? current
            : await UpdateAsync(new UpdateMemoryRequest(id, text, null), cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _store.ResetAsync(cancellationToken).ConfigureAwait(false);
        await AfterResetAsync(cancellationToken).ConfigureAwait(false);
    }
}
