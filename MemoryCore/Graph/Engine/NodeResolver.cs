using MemoryCore.Model;
using MemoryCore.Storage;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// Turns the entity references of one write into node ids of its exact scope. A name merges with the best
/// existing node at or above the threshold (the store found it), else with a node created earlier in the same
/// write that is as similar, else becomes a new node. The user is the scope's self node. An unnamed relative
/// ("USER's sister") is whoever this write names as the user's sister, else the one existing current sister edge's
/// destination, else a placeholder node ("ana's sister").
/// </summary>
internal sealed class NodeResolver
{
    private readonly MemoryScope _scope;
    private readonly GraphWriteContext _context;
    private readonly double _threshold;
    private readonly Dictionary<string, int> _vectorIndex;
    private readonly IReadOnlyList<ReadOnlyMemory<float>> _vectors;
    private readonly IReadOnlyDictionary<string, string> _roleBindings;
    private readonly Dictionary<string, Guid> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, string> _names = [];
    private readonly List<NewGraphNode> _newNodes = [];
    private Guid? _self;

    /// <param name="embeddedNames">The names <paramref name="vectors"/> embed, in order; the self name is among them.</param>
    /// <param name="roleBindings">Role -> name this write gives it ("mother" -> "Maria" from "My mother Maria ...").</param>
    public NodeResolver(
        MemoryScope scope, GraphWriteContext context, double threshold, IReadOnlyList<string> embeddedNames,
        IReadOnlyList<ReadOnlyMemory<float>> vectors, IReadOnlyDictionary<string, string> roleBindings)
    {
        _scope = scope;
        _context = context;
        _threshold = threshold;
        _vectors = vectors;
        _roleBindings = roleBindings;
        _vectorIndex = embeddedNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.OrdinalIgnoreCase);
        foreach (var relation in context.Current)
        {
            _names[relation.SourceId] = relation.Source;
            _names[relation.DestinationId] = relation.Destination;
        }
    }

    public IReadOnlyList<NewGraphNode> NewNodes => _newNodes;

    public string NameOf(Guid id) => _names[id];

    public Guid Resolve(EntityReference reference, string type) => reference switch
    {
        SelfReference => Self(),
        RoleReference role => Role(role.Role),
        NamedReference named => Named(named.Name, type),
        _ => throw new NotSupportedException(reference.GetType().Name),
    };

    private Guid Self()
    {
        if (_self is { } known)
        {
            return known;
        }

        if (_context.Self is { } existing)
        {
            _names[existing.Id] = existing.Name;
            _self = existing.Id;
            return existing.Id;
        }

        var name = GraphSelf.NodeName(_scope);
        _self = Create(name, "person", isSelf: true, _vectors[_vectorIndex[name]]);
        return _self.Value;
    }

    private Guid Role(string role)
    {
        if (_roleBindings.TryGetValue(role, out var boundName))
        {
            return Named(boundName, RoleLexicon.TypeOf(role));
        }

        var self = Self();
        var known = _context.Current.Where(r => r.SourceId == self && r.Relationship == role).Select(r => r.DestinationId).Distinct().ToList();
        return known.Count == 1 ? known[0] : Named(GraphSelf.PlaceholderName(_scope, role), RoleLexicon.TypeOf(role));
    }

    private Guid Named(string name, string type)
    {
        if (_resolved.TryGetValue(name, out var id))
        {
            return id;
        }

        var index = _vectorIndex[name];
        if (_context.Matches[index] is { } match)
        {
            _names[match.Node.Id] = match.Node.Name;
            id = match.Node.Id;
        }
        else
        {
            var vector = _vectors[index];
            var twin = _newNodes.Where(n => !n.IsSelf).Select(n => (n.Id, Score: VectorMath.Similarity(n.Embedding.Span, vector.Span)))
                .Where(c => c.Score >= _threshold).OrderByDescending(c => c.Score).FirstOrDefault();
            id = twin.Id != Guid.Empty ? twin.Id : Create(name, type, isSelf: false, vector);
        }

        _resolved[name] = id;
        return id;
    }

    private Guid Create(string name, string type, bool isSelf, ReadOnlyMemory<float> embedding)
    {
        var node = new NewGraphNode(Guid.CreateVersion7(), name, string.IsNullOrWhiteSpace(type) ? "entity" : type, isSelf, embedding);
        _newNodes.Add(node);
        _names[node.Id] = name;
        return node.Id;
    }
}
