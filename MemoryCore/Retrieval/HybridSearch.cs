using MemoryCore.Engine;
using MemoryCore.Filtering;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.Options;

namespace MemoryCore.Retrieval;

/// <summary>
/// Runs a search in the requested <see cref="SearchMode"/>: vector mode is the store's vector search as it
/// always was (score = cosine similarity); the other modes run their signals in parallel, fuse the ranked
/// lists (<see cref="IRankFusion"/>), and return the top results with the fused score in [0, 1].
/// </summary>
public sealed class HybridSearch
{
    private readonly IMemoryStore _store;
    private readonly IReadOnlyDictionary<string, IRetrievalSignal> _signals;
    private readonly RetrievalOptions _options;
    private readonly IRankFusion _fusion;

    public HybridSearch(IMemoryStore store, IEnumerable<IRetrievalSignal> signals, IOptions<RetrievalOptions> options)
    {
        _store = store;
        _options = options.Value;
        if (_options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        // The last registration of a name wins, as with other DI overrides.
        _signals = signals.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _fusion = _options.Fusion == FusionMethod.Normalized ? new NormalizedScoreFusion() : new ReciprocalRankFusion(_options.RrfK);
    }

    public SearchMode DefaultMode => _options.DefaultMode;

    /// <summary>The registered signals a mode runs, with their weights. In a mode of several signals one
    /// weighing 0 is left out; a single-signal mode always runs its signal.</summary>
    public IReadOnlyList<(IRetrievalSignal Signal, double Weight)> SignalsFor(SearchMode mode)
    {
        var names = SearchModes.Signals(mode);
        return names
            .Select(name => (Signal: _signals.GetValueOrDefault(name), Weight: names.Count == 1 ? 1.0 : _options.WeightOf(name)))
            .Where(s => s.Signal is not null && s.Weight > 0)
            .Select(s => (s.Signal!, s.Weight))
            .ToList();
    }

    /// <summary>How many memories each signal contributes to a fused search of <paramref name="request"/>.</summary>
    public int CandidatesFor(SearchMemoryRequest request) => Math.Max(request.Limit, _options.Candidates);

    public Task<IReadOnlyList<ScoredMemory>> SearchAsync(SearchMemoryRequest request, SearchMode mode, ReadOnlyMemory<float> vector, CancellationToken cancellationToken) =>
        SearchAsync(request, mode, Task.FromResult(vector), neighbourhood: null, cancellationToken);

    /// <summary>Runs the mode's signals concurrently: those that need the query's vector wait for
    /// <paramref name="vector"/>, the others start at once; a graph signal reuses <paramref name="neighbourhood"/>.</summary>
    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(
        SearchMemoryRequest request, SearchMode mode, Task<ReadOnlyMemory<float>> vector, Task<IReadOnlyList<Graph.NeighbourhoodRelation>>? neighbourhood, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(vector);
        if (mode == SearchMode.Vector)
        {
            var query = await vector.ConfigureAwait(false);
            var results = await _store.SearchAsync(request.Scope, query, request.Filter, request.Limit, cancellationToken).ConfigureAwait(false);
            return request.Explain
                ? results.Select((r, i) => r with { Explain = new Dictionary<string, SignalScore> { [VectorSignal.SignalName] = new(r.Score, i + 1) } }).ToList()
                : results;
        }

        var shared = new RetrievalQuery(request.Query, ReadOnlyMemory<float>.Empty, request.Scope, request.Filter, CandidatesFor(request), neighbourhood);
        var lists = await Task.WhenAll(SignalsFor(mode).Select(async s =>
        {
            var query = s.Signal.NeedsVector ? shared with { Vector = await vector.ConfigureAwait(false) } : shared;
            return new SignalResult(s.Signal.Name, s.Weight, await s.Signal.FindAsync(query, cancellationToken).ConfigureAwait(false));
        })).ConfigureAwait(false);
        var fused = _fusion.Fuse(lists);
        var records = await RecordsAsync(lists, fused, request.Limit, cancellationToken).ConfigureAwait(false);

        var top = new List<ScoredMemory>(request.Limit);
        foreach (var hit in fused)
        {
            // Every result is checked against the scope and filter here too, whatever a signal did:
            // a signal bug must never show one person another person's memory.
            if (records.TryGetValue(hit.MemoryId, out var record) && InScope(request.Scope, record) && MetadataFilterEvaluator.Matches(request.Filter, record))
            {
                top.Add(new ScoredMemory(record, hit.Score, request.Explain ? hit.Signals : null));
                if (top.Count == request.Limit)
                {
                    break;
                }
            }
        }

        return top;
    }

    /// <summary>The records signals already read, plus one batched read of the rest (e.g. graph hits).</summary>
    private async Task<Dictionary<Guid, MemoryRecord>> RecordsAsync(IReadOnlyList<SignalResult> lists, IReadOnlyList<FusedHit> fused, int limit, CancellationToken cancellationToken)
    {
        var records = new Dictionary<Guid, MemoryRecord>();
        foreach (var hit in lists.SelectMany(l => l.Hits))
        {
            if (hit.Memory is { } memory && memory.Id == hit.MemoryId)
            {
                records.TryAdd(hit.MemoryId, memory);
            }
        }

        // Enough of the fused list that dropped rows (deleted meanwhile, out of scope) cannot leave it short.
        var missing = fused.Take(limit * 2 + 10).Select(f => f.MemoryId).Where(id => !records.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var record in await _store.GetManyAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                records.TryAdd(record.Id, record);
            }
        }

        return records;
    }

    private static bool InScope(MemoryScope scope, MemoryRecord record) =>
        scope.Tenant == record.Tenant
        && (scope.UserId is null || scope.UserId == record.UserId)
        && (scope.AgentId is null || scope.AgentId == record.AgentId)
        && (scope.RunId is null || scope.RunId == record.RunId)
        && (scope.AppId is null || scope.AppId == record.AppId);
}
