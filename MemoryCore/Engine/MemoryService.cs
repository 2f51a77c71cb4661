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
    private readonly SearchPipeline _search;
    private readonly MemoryCategories _categories;

    public MemoryService(
        IMemoryStore store,
        Embedder embedder,
        IFactExtractor extractor,
        IMemoryReconciler reconciler,
        IOptions<MemoryOptions> options,
        TimeProvider clock,
        ILogger<MemoryService> logger,
        HybridSearch search,
        Graph.Engine.GraphMemory? graph = null,
        Categories.EmbeddingCategorizer? categorizer = null,
        Categories.ITenantSettingsStore? settings = null)
    {
        _graph = graph;
        _search = new SearchPipeline(embedder, search, graph, logger);
        _store = store;
        _embedder = embedder;
        _clock = clock;
        _limits = new RequestLimits(options.Value);
        // Constructed without them (tests of the engine alone), memories are tagged with the lexical thresholds and
        // the store's own tenant settings.
        _categories = new MemoryCategories(
            categorizer ?? new Categories.EmbeddingCategorizer(embedder, new Categories.CategoryOptions(), Categories.CategoryScale.Lexical),
            settings ?? store as Categories.ITenantSettingsStore,
            logger);
        _add = new AddMemoryPipeline(store, embedder, extractor, reconciler, options.Value, clock, logger, _categories, graph);
    }

    public Task<IReadOnlyList<MemoryEventResult>> AddAsync(AddMemoryRequest request, CancellationToken cancellationToken) =>
        AddAsync(request, null, cancellationToken);

    /// <summary>An add whose commit also carries <paramref name="complete"/>'s change (a queued add's completion), so
    /// the memories and that change are applied together or not at all.</summary>
    public Task<IReadOnlyList<MemoryEventResult>> AddAsync(AddMemoryRequest request, AddCompletion? complete, CancellationToken cancellationToken)
    {
        CheckAdd(request);
        return request.Infer
            ? _add.AddInferredAsync(request, complete, cancellationToken)
            : _add.AddVerbatimAsync(request, complete, cancellationToken);
    }

    /// <summary>Checks an add against the limits without running it (an async add is refused at once, never queued to fail).</summary>
    public void CheckAdd(AddMemoryRequest request)
    {
        // A scope may name an app alone to read or delete ("every memory of this app"), never to own one.
        request.Scope.RequireOwner();
        _limits.CheckAdd(request);
    }

    /// <summary>The memories matching the query, best first, and (unless the request says otherwise) the graph
    /// relations around it, from one pipeline: the query is embedded once and the signals run concurrently.</summary>
    public async Task<SearchResult> SearchAsync(SearchMemoryRequest request, CancellationToken cancellationToken)
    {
        _limits.CheckSearch(request);
        return await _search.RunAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The memory with this id, if <paramref name="access"/> reaches it; one outside the caller's tenant or
    /// people is not found, exactly like an unknown id.</summary>
    public async Task<MemoryRecord> GetAsync(Guid id, ScopeAccess access, CancellationToken cancellationToken) =>
        await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } found && access.CanSee(found.Scope)
            ? found
            : throw new MemoryNotFoundException(id);

    public Task<MemoryPage> ListAsync(MemoryScope scope, MetadataFilter? filter, int limit, PageCursor? after, CancellationToken cancellationToken)
    {
        _limits.CheckListLimit(limit);
        return _store.ListAsync(scope, filter, limit, after, cancellationToken);
    }

    /// <summary>Replaces the text (re-embedded) and/or the metadata; writes an UPDATE history row.</summary>
    public async Task<MemoryRecord> UpdateAsync(UpdateMemoryRequest request, ScopeAccess access, CancellationToken cancellationToken)
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
        var existing = await GetAsync(request.Id, access, cancellationToken).ConfigureAwait(false);
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

        // New text, new categories (from the tenant's set: an update by id names none of its own).
        IReadOnlyList<string>? categories = null;
        if (vector is { } newVector)
        {
            var set = await _categories.TenantSetAsync(current.Tenant, cancellationToken).ConfigureAwait(false);
            categories = (await _categories.AssignAsync(set, [newVector], cancellationToken).ConfigureAwait(false))[0];
        }

        var now = Timestamps.Now(_clock);
        var metadata = request.Metadata ?? current.Metadata;
        var hash = MemoryHash.Compute(newText);
        await CommitUpdateAsync(writer, new UpdateMemory(current.Id, current.Memory, newText, hash, vector, metadata, now) { Categories = categories }, cancellationToken).ConfigureAwait(false);
        MemoryTelemetry.Count(MemoryEvent.Update);
        return current with { Memory = newText, Hash = hash, Metadata = metadata, UpdatedAt = now, Categories = categories ?? current.Categories };
    }

    public async Task DeleteAsync(Guid id, ScopeAccess access, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(id, access, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Every id that owns memories in the caller's tenant, per kind, with its count (Mem0's entity listing).
    /// A key restricted to some people sees only those users: agents and runs name no person it could be checked against.</summary>
    public async Task<IReadOnlyList<EntitySummary>> ListEntitiesAsync(ScopeAccess access, CancellationToken cancellationToken)
    {
        var entities = await _store.ListEntitiesAsync(access.Tenant, cancellationToken).ConfigureAwait(false);
        return access.IsRestricted ? [.. entities.Where(e => e.Type == "user" && access.AllowsUser(e.Name))] : entities;
    }

    /// <summary>A memory's audit trail (also after it was deleted), if <paramref name="access"/> reaches the scope its
    /// rows were written in; otherwise not found. Rows that name no scope at all (none are written today) count as the
    /// default tenant's, with no person.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid id, ScopeAccess access, CancellationToken cancellationToken)
    {
        var history = await _store.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        var visible = history.Count > 0 && history.All(h => h.Scope is { } scope
            ? access.CanSee(scope)
            : access.Tenant == MemoryScope.DefaultTenant && !access.IsRestricted);
        return visible ? history : throw new MemoryNotFoundException(id);
    }

    /// <summary>Sets a memory back to the text one of its history rows recorded (history UPDATE), keeping its metadata.</summary>
    public async Task<MemoryRecord> RevertAsync(Guid id, Guid historyId, ScopeAccess access, CancellationToken cancellationToken)
    {
        var history = await HistoryAsync(id, access, cancellationToken).ConfigureAwait(false);
        var version = history.FirstOrDefault(h => h.Id == historyId)
            ?? throw new MemoryValidationException(ValidationFailure.Invalid, $"History row '{historyId}' does not belong to memory '{id}'.");
        if (version.NewMemory is not { } text)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"History row '{historyId}' is a deletion; there is no version to revert to.");
        }

        var current = await GetAsync(id, access, cancellationToken).ConfigureAwait(false);
        return text == current.Memory
            ? current
            : await UpdateAsync(new UpdateMemoryRequest(id, text, null), access, cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _store.ResetAsync(cancellationToken).ConfigureAwait(false);
        await AfterResetAsync(cancellationToken).ConfigureAwait(false);
    }
}
