using MemoryCore.Model;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// The existing memories shown to the model (the union of all facts' candidates, each once) and the small
/// integer ids that stand for their GUIDs in the prompt.
/// </summary>
internal sealed class MemoryAliases
{
    private readonly Dictionary<string, Guid> _idsByAlias = new(StringComparer.Ordinal);

    private MemoryAliases(List<MemoryRecord> memories)
    {
        Memories = memories;
        for (var i = 0; i < memories.Count; i++)
        {
            _idsByAlias[AliasOf(i)] = memories[i].Id;
        }
    }

    public IReadOnlyList<MemoryRecord> Memories { get; }

    public int Count => Memories.Count;

    public static MemoryAliases For(IEnumerable<FactCandidates> facts)
    {
        var seen = new HashSet<Guid>();
        var memories = new List<MemoryRecord>();
        foreach (var candidate in facts.SelectMany(f => f.Candidates))
        {
            if (seen.Add(candidate.Memory.Id))
            {
                memories.Add(candidate.Memory);
            }
        }

        return new MemoryAliases(memories);
    }

    public static string AliasOf(int position) => position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Resolves an alias the model returned; false when it is not one we showed (an invented id).</summary>
    public bool TryResolve(string? alias, out Guid id)
    {
        id = Guid.Empty;
        return alias is not null && _idsByAlias.TryGetValue(alias.Trim(), out id);
    }
}
