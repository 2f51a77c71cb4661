using MemoryCore.Categories;
using MemoryCore.Extraction;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>Builds the change that completes a queued add from the add's results (see <see cref="Events.CompleteAddEvent"/>).</summary>
public delegate MemoryChange AddCompletion(IReadOnlyList<MemoryEventResult> results, Graph.Engine.GraphChangeSummary? relations);

/// <summary>
/// The write path: extract facts, embed them in one batch, retrieve the closest existing memories of the scope,
/// reconcile, and commit every change with its history in one transaction under the scope's write lock.
/// </summary>
/// <remarks>
/// No LLM call waits inside the scope's lock. Extraction only reads the conversation. Reconciliation needs the scope's
/// current memories, so it is optimistic: the candidates are read without the lock, the reconciler decides, then under
/// the lock the candidates are read again; if any fact's candidates changed (another add or an update of the same
/// scope committed in between), the decisions may be stale and the add decides again from the new view. Two concurrent
/// adds to one scope therefore never decide against the same stale view and cannot both ADD the same fact. The retry
/// reconciles under the lock: a conflict means the scope is busy now, and another lock-free try would likely conflict
/// again and pay for one more LLM call (measured: bench/MemoryBench concurrent-adds, docs/benchmarks.md). Adds to
/// different scopes never wait for each other.
/// </remarks>
internal sealed class AddMemoryPipeline(
    IMemoryStore store,
    Embedder embedder,
    IFactExtractor extractor,
    IMemoryReconciler reconciler,
    MemoryOptions options,
    TimeProvider clock,
    ILogger logger,
    MemoryCategories categories,
    Graph.Engine.GraphMemory? graph = null)
{
    /// <summary>Reconciliations per add: the lock-free ones, then the last, which holds the lock.</summary>
    public const int OptimisticAttempts = 2;

    private readonly DecisionPlanner _planner = new(logger);

    public async Task<IReadOnlyList<MemoryEventResult>> AddInferredAsync(AddMemoryRequest request, AddCompletion? complete, CancellationToken cancellationToken)
    {
        var guidance = await categories.GuidanceAsync(request, cancellationToken).ConfigureAwait(false);
        List<ExtractedFact> extracted;
        using (var activity = MemoryTelemetry.Stage("extract"))
        {
            extracted = Distinct(await extractor.ExtractAsync(request.Messages, request.Scope.AgentId is not null, guidance, cancellationToken).ConfigureAwait(false));
            activity?.SetTag("memory.facts", extracted.Count);
        }

        var facts = extracted.ConvertAll(f => f.Text);

        if (facts.Count == 0)
        {
            // Nothing to remember, but the turns still feed distillation.
            await using var turnsOnly = await store.OpenWriterAsync(request.Scope, cancellationToken).ConfigureAwait(false);
            return await CommitAsync(turnsOnly, WithTurns(request, []), complete, cancellationToken).ConfigureAwait(false);
        }

        var vectors = await embedder.EmbedAsync(facts, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var underLock = attempt >= OptimisticAttempts;
            var writer = underLock ? await store.OpenWriterAsync(request.Scope, cancellationToken).ConfigureAwait(false) : null;
            try
            {
                IReadOnlyList<IReadOnlyList<ScoredMemory>> view;
                using (MemoryTelemetry.Stage("retrieve"))
                {
                    view = writer is not null
                        ? await writer.FindSimilarManyAsync(vectors, options.ReconcileCandidates, cancellationToken).ConfigureAwait(false)
                        : await store.FindSimilarManyAsync(request.Scope, vectors, options.ReconcileCandidates, cancellationToken).ConfigureAwait(false);
                }

                var candidates = facts.Select((fact, i) => new FactCandidates(i, fact, view[i])).ToList();
                IReadOnlyList<PlannedStep> steps;
                using (MemoryTelemetry.Stage("reconcile"))
                {
                    var decisions = await reconciler.DecideAsync(candidates, cancellationToken).ConfigureAwait(false);
                    steps = _planner.Plan(candidates, decisions);
                }

                if (writer is null)
                {
                    writer = await store.OpenWriterAsync(request.Scope, cancellationToken).ConfigureAwait(false);
                    var current = await writer.FindSimilarManyAsync(vectors, options.ReconcileCandidates, cancellationToken).ConfigureAwait(false);
                    if (!SameView(view, current))
                    {
                        logger.LogDebug("Scope {Scope} changed while reconciling (attempt {Attempt}); reconciling again", request.Scope, attempt);
                        continue;
                    }
                }

                var changes = await BuildChangesAsync(writer, request, steps, extracted, vectors, guidance.Categories, cancellationToken).ConfigureAwait(false);
                return await CommitAsync(writer, WithTurns(request, changes), complete, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (writer is not null)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Whether every fact has the same candidates, unchanged (same text and last update), as the reconciler saw.</summary>
    private static bool SameView(IReadOnlyList<IReadOnlyList<ScoredMemory>> seen, IReadOnlyList<IReadOnlyList<ScoredMemory>> current) =>
        seen.Count == current.Count
        && seen.Zip(current).All(pair =>
            pair.First.Select(Version).ToHashSet().SetEquals(pair.Second.Select(Version)));

    private static (Guid, string, DateTimeOffset) Version(ScoredMemory memory) => (memory.Memory.Id, memory.Memory.Hash, memory.Memory.UpdatedAt);

    /// <summary>infer = false: each non-system message is stored verbatim, exact duplicates once.</summary>
    public async Task<IReadOnlyList<MemoryEventResult>> AddVerbatimAsync(AddMemoryRequest request, AddCompletion? complete, CancellationToken cancellationToken)
    {
        var turns = SpokenTurns(request).DistinctBy(m => m.Content, StringComparer.Ordinal).ToList();
        if (turns.Count == 0)
        {
            if (complete is null)
            {
                return [];
            }

            // Nothing to store, but a queued add still ends SUCCEEDED, through the same commit as any other.
            await using var empty = await store.OpenWriterAsync(request.Scope, cancellationToken).ConfigureAwait(false);
            return await CommitAsync(empty, [], complete, cancellationToken).ConfigureAwait(false);
        }

        // Assistant turns stored verbatim say "I" about the assistant: only the user's turns state relations.
        var userTexts = turns.Where(t => t.IsUser).Select(t => t.Content).ToHashSet(StringComparer.Ordinal);

        // Before the lock: the graph's extraction, then one embedder call for the turns and their entity names.
        var prepared = graph is null ? null : await graph.PrepareAsync(request.Scope, [.. userTexts], cancellationToken).ConfigureAwait(false);
        var texts = turns.ConvertAll(t => t.Content);
        var embedded = await embedder.EmbedAsync([.. texts, .. prepared?.Names ?? []], cancellationToken).ConfigureAwait(false);
        var vectors = embedded.Take(texts.Count).ToList();
        prepared = prepared is null ? null : prepared with { NameVectors = embedded.Skip(texts.Count).ToList() };

        var guidance = await categories.GuidanceAsync(request, cancellationToken).ConfigureAwait(false);
        var tags = await categories.AssignAsync(guidance.Categories, vectors, cancellationToken).ConfigureAwait(false);

        await using var writer = await store.OpenWriterAsync(request.Scope, cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(clock);
        var changes = new List<(MemoryChange Change, MemoryEventResult Result)>();
        var hashes = turns.ConvertAll(t => MemoryHash.Compute(t.Content));
        var stored = await writer.ExistingHashesAsync(hashes, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < turns.Count; i++)
        {
            var hash = hashes[i];
            if (stored.Contains(hash))
            {
                MemoryTelemetry.Count(MemoryEvent.None);
                continue;
            }

            var metadata = request.Metadata ?? MetadataJson.Empty;
            if (!metadata.ContainsKey("role"))
            {
                // As Mem0 does for raw messages: keep who said it.
                metadata = MetadataJson.Merge(metadata, new Dictionary<string, System.Text.Json.JsonElement>
                {
                    ["role"] = System.Text.Json.JsonSerializer.SerializeToElement(turns[i].Role),
                });
            }

            var record = NewRecord(request.Scope, turns[i].Content, hash, metadata, InsertionTime(now, changes.Count)) with { Categories = tags[i] };
            changes.Add((new InsertMemory(record, vectors[i]), new MemoryEventResult(record.Id, record.Memory, MemoryEvent.Add, null)));
        }

        return await CommitAsync(writer, WithTurns(request, changes), complete, cancellationToken, r => userTexts.Contains(r.Memory), prepared).ConfigureAwait(false);
    }

    private async Task<List<(MemoryChange Change, MemoryEventResult Result)>> BuildChangesAsync(
        IScopeWriter writer, AddMemoryRequest request, IReadOnlyList<PlannedStep> steps,
        List<ExtractedFact> extracted, IReadOnlyList<ReadOnlyMemory<float>> factVectors, CategorySet categorySet, CancellationToken cancellationToken)
    {
        var facts = extracted.ConvertAll(f => f.Text);
        // Texts the reconciler rewrote need their own vectors; one more batch at most.
        var rewritten = steps.Where(s => s.Event is MemoryEvent.Add or MemoryEvent.Update && s.Text != facts[s.FactIndex])
            .Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
        var rewrittenVectors = await embedder.EmbedAsync(rewritten, cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<float> VectorOf(PlannedStep s) =>
            s.Text == facts[s.FactIndex] ? factVectors[s.FactIndex] : rewrittenVectors[rewritten.IndexOf(s.Text)];

        // Every memory written gets its categories: the extractor's for its fact (an LLM told the set), else the
        // embedding categoriser's for the text stored, from the vector stored (one call for all of them).
        var written = steps.Where(s => s.Event is MemoryEvent.Add or MemoryEvent.Update).ToList();
        var tags = await categories.ForStepsAsync(
            categorySet, written.ConvertAll(s => extracted[s.FactIndex].Categories), written.ConvertAll(VectorOf), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> TagsOf(PlannedStep s) => tags[written.IndexOf(s)];

        var now = Timestamps.Now(clock);
        var changes = new List<(MemoryChange, MemoryEventResult)>(steps.Count);
        var stored = await writer.ExistingHashesAsync(
            steps.Where(s => s.Event == MemoryEvent.Add).Select(s => MemoryHash.Compute(s.Text)).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var hash = MemoryHash.Compute(step.Text);
            switch (step.Event)
            {
                // One lookup for every ADD; two ADDs of one text in this request store it once.
                case MemoryEvent.Add when !stored.Contains(hash) && added.Add(hash):
                    var record = NewRecord(request.Scope, step.Text, hash, request.Metadata ?? MetadataJson.Empty, InsertionTime(now, changes.Count)) with { Categories = TagsOf(step) };
                    changes.Add((new InsertMemory(record, VectorOf(step)), new MemoryEventResult(record.Id, record.Memory, MemoryEvent.Add, null)));
                    break;
                case MemoryEvent.Update:
                    var target = step.Target!;
                    var metadata = MetadataJson.Merge(target.Metadata, request.Metadata);
                    changes.Add((
                        new UpdateMemory(target.Id, target.Memory, step.Text, hash, VectorOf(step), metadata, now) { Categories = TagsOf(step) },
                        new MemoryEventResult(target.Id, step.Text, MemoryEvent.Update, target.Memory)));
                    break;
                case MemoryEvent.Delete:
                    changes.Add((new DeleteMemory(step.Target!.Id, step.Target.Memory), new MemoryEventResult(step.Target.Id, step.Target.Memory, MemoryEvent.Delete, null)));
                    break;
                default:
                    MemoryTelemetry.Count(MemoryEvent.None);
                    break;
            }
        }

        return changes;
    }

    /// <summary>The user and assistant turns of a request, trimmed, blank ones left out: what is stored verbatim and recorded as raw turns.</summary>
    private static IEnumerable<ChatTurn> SpokenTurns(AddMemoryRequest request) =>
        request.Messages.Where(m => !m.IsSystem && !string.IsNullOrWhiteSpace(m.Content)).Select(m => m with { Content = m.Content.Trim() });

    /// <summary>Adds the request's raw turns (for distillation) to the same commit as its memories.</summary>
    private List<(MemoryChange Change, MemoryEventResult? Result)> WithTurns(AddMemoryRequest request, List<(MemoryChange Change, MemoryEventResult Result)> changes)
    {
        var all = changes.ConvertAll(c => (c.Change, (MemoryEventResult?)c.Result));
        var turns = SpokenTurns(request).ToList();
        if (request.RecordTurns && turns.Count > 0)
        {
            all.Add((new AppendTurns(turns, Timestamps.Now(clock)), null));
        }

        return all;
    }

    private async Task<IReadOnlyList<MemoryEventResult>> CommitAsync(
        IScopeWriter writer, List<(MemoryChange Change, MemoryEventResult? Result)> changes, AddCompletion? complete, CancellationToken cancellationToken,
        Func<MemoryEventResult, bool>? statesRelations = null, Graph.Engine.PreparedGraph? prepared = null)
    {
        var events = changes.Where(c => c.Result is not null && (statesRelations is null || c.Result.Event != MemoryEvent.Add || statesRelations(c.Result))).Select(c => c.Result!);
        var (all, relations) = await Graph.Engine.GraphCommitStep.WithGraphAsync(graph, writer.Scope, changes.ConvertAll(c => c.Change), events, Timestamps.Now(clock), cancellationToken, prepared).ConfigureAwait(false);
        var results = changes.Where(c => c.Result is not null).Select(c => c.Result!).ToList();
        if (complete is not null)
        {
            // A queued add: its event becomes SUCCEEDED, with these results, in the same transaction as the changes.
            all.Add(complete(results, relations));
        }

        using (MemoryTelemetry.Stage("persist"))
        {
            await Graph.Engine.GraphCommitStep.CommitAsync(graph, writer, all, cancellationToken).ConfigureAwait(false);
        }

        foreach (var result in results)
        {
            MemoryTelemetry.Count(result.Event);
        }

        return new Graph.Engine.AddMemoryResults(results, relations);
    }

    /// <summary>Memories added by one request get distinct creation times, a microsecond apart, so that
    /// listing them (ordered by created_at) gives back the conversation's order.</summary>
    private static DateTimeOffset InsertionTime(DateTimeOffset now, int position) => now.AddTicks(10L * position);

    private static MemoryRecord NewRecord(MemoryScope scope, string text, string hash, IReadOnlyDictionary<string, System.Text.Json.JsonElement> metadata, DateTimeOffset now) =>
        new(Guid.NewGuid(), text, hash, metadata, now, now, scope.UserId, scope.AgentId, scope.RunId, scope.Tenant, scope.AppId);

    private List<ExtractedFact> Distinct(IReadOnlyList<ExtractedFact> facts) =>
        facts.Select(f => f with { Text = f.Text.Trim() })
            .Where(f => f.Text.Length > 0)
            .DistinctBy(f => f.Text.ToUpperInvariant())
            .Take(options.MaxFactsPerAdd)
            .ToList();
}
