using MemoryCore.Categories;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>
/// The engine's side of categories: which guidance an add runs with (its own, its tenant's, the defaults) and the
/// categories each memory written gets: those the extractor chose (only names of the set count), else the embedding
/// categoriser's, from the vector that is stored.
/// </summary>
internal sealed class MemoryCategories(EmbeddingCategorizer categorizer, ITenantSettingsStore? settings, ILogger logger)
{
    public async Task<ExtractionGuidance> GuidanceAsync(AddMemoryRequest request, CancellationToken cancellationToken)
    {
        if (request.CustomInstructions is not null && request.CustomCategories is not null)
        {
            return new ExtractionGuidance(request.CustomInstructions, request.CustomCategories);
        }

        return ExtractionGuidance.Resolve(request.CustomInstructions, request.CustomCategories, await TenantAsync(request.Scope.Tenant, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The category set of a tenant's memories when no add names one (a memory's text updated by id).</summary>
    public async Task<CategorySet> TenantSetAsync(string tenant, CancellationToken cancellationToken) =>
        (await TenantAsync(tenant, cancellationToken).ConfigureAwait(false)).CustomCategories ?? DefaultCategories.Set;

    public Task<IReadOnlyList<IReadOnlyList<string>>> AssignAsync(CategorySet set, IReadOnlyList<ReadOnlyMemory<float>> vectors, CancellationToken cancellationToken) =>
        categorizer.AssignAsync(set, vectors, cancellationToken);

    /// <summary>Each memory's categories: <paramref name="chosen"/>[i] when the extractor chose (mapped onto the set's
    /// names; names outside the set are dropped), else the categoriser's for <paramref name="vectors"/>[i].</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ForStepsAsync(
        CategorySet set, IReadOnlyList<IReadOnlyList<string>?> chosen, IReadOnlyList<ReadOnlyMemory<float>> vectors, CancellationToken cancellationToken)
    {
        var unchosen = Enumerable.Range(0, chosen.Count).Where(i => chosen[i] is null).ToList();
        var assigned = await categorizer.AssignAsync(set, unchosen.ConvertAll(i => vectors[i]), cancellationToken).ConfigureAwait(false);
        var result = new IReadOnlyList<string>[chosen.Count];
        for (var i = 0; i < chosen.Count; i++)
        {
            result[i] = chosen[i] is { } names ? Known(set, names) : assigned[unchosen.IndexOf(i)];
        }

        return result;
    }

    private List<string> Known(CategorySet set, IReadOnlyList<string> names)
    {
        var known = names.Select(set.Canonical).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (known.Count < names.Count)
        {
            // The names are the model's words, not a person's: safe to log how many were dropped, not needed to log them.
            logger.LogDebug("The extractor named {Count} categories outside the add's category set; they were dropped", names.Count - known.Count);
        }

        return known;
    }

    private async Task<TenantSettings> TenantAsync(string tenant, CancellationToken cancellationToken) =>
        settings is null ? TenantSettings.None(tenant) : await settings.GetSettingsAsync(tenant, cancellationToken).ConfigureAwait(false);
}
