using System.Text.Json;
using MemoryCore;
using MemoryCore.Filtering;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>The filter semantics (see <see cref="MetadataFilter"/>) must be identical in every store:
/// SQLite evaluates in process, PostgreSQL translates to SQL over jsonb.</summary>
public abstract class MetadataFilterConformanceTests : IAsyncLifetime
{
    private static readonly (string Name, object Metadata)[] Rows =
    [
        ("a", new { kind = "food", rating = 5, price = 1.0, tags = new[] { "red", "sweet" }, note = "Apple pie" }),
        ("b", new { kind = "food", rating = 3, price = 2.5, tags = new[] { "green" }, note = "Broccoli" }),
        ("c", new { kind = "place", rating = 4, city = "Oslo", flag = true }),
        ("d", new { kind = "place", rating = "4", city = "Lisbon", flag = false }),
        ("e", new { other = "x", n = (string?)null }),
    ];

    private TestStore? _testStore;
    private IMemoryStore _store = null!;
    private readonly Dictionary<Guid, string> _names = [];

    protected abstract TestStore CreateTestStore();

    public async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        _store = _testStore.Create(Identity);
        await _store.InitializeAsync(CancellationToken.None);
        foreach (var (name, metadata) in Rows)
        {
            _names[(await AddAsync(_store, User("ana"), $"Memory {name}", metadata)).Id] = name;
        }

        await AddAsync(_store, User("bob"), "Bob's food memory", new { kind = "food", rating = 5 });
    }

    public async ValueTask DisposeAsync()
    {
        if (_testStore is not null)
        {
            await _testStore.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("""{"kind": "food"}""", "ab")]
    [InlineData("""{"kind": {"eq": "place"}}""", "cd")]
    [InlineData("""{"rating": 4}""", "c")]
    [InlineData("""{"price": 1}""", "a")]
    [InlineData("""{"kind": {"ne": "food"}}""", "cde")]
    [InlineData("""{"kind": {"in": ["food", "nothing"]}}""", "ab")]
    [InlineData("""{"kind": {"nin": ["food"]}}""", "cde")]
    [InlineData("""{"rating": {"gt": 3}}""", "ac")]
    [InlineData("""{"rating": {"gte": 3}}""", "abc")]
    [InlineData("""{"rating": {"lt": 4}}""", "b")]
    [InlineData("""{"rating": {"lte": 4, "gte": 4}}""", "c")]
    [InlineData("""{"city": {"gt": "M"}}""", "c")]
    [InlineData("""{"note": {"contains": "pie"}}""", "a")]
    [InlineData("""{"note": {"contains": "PIE"}}""", "")]
    [InlineData("""{"tags": {"contains": "green"}}""", "b")]
    [InlineData("""{"flag": true}""", "c")]
    [InlineData("""{"flag": false}""", "d")]
    [InlineData("""{"n": null}""", "e")]
    [InlineData("""{"missing": {"ne": 1}}""", "abcde")]
    [InlineData("""{"AND": [{"kind": "food"}, {"rating": {"gt": 4}}]}""", "a")]
    [InlineData("""{"OR": [{"city": "Oslo"}, {"tags": {"contains": "red"}}]}""", "ac")]
    [InlineData("""{"NOT": {"kind": "food"}}""", "cde")]
    [InlineData("""{"NOT": {"OR": [{"kind": "food"}, {"kind": "place"}]}}""", "e")]
    [InlineData("""{"kind": "place", "flag": true}""", "c")]
    [InlineData("""{"AND": []}""", "abcde")]
    public async Task Every_store_agrees_on_filter_semantics(string filterJson, string expected)
    {
        var filter = MetadataFilterParser.Parse(JsonDocument.Parse(filterJson).RootElement);

        var listed = (await _store.ListAsync(User("ana"), filter, 100, null, CancellationToken.None)).Items.Select(m => _names[m.Id]);
        var searched = (await _store.SearchAsync(User("ana"), Vector("Memory"), filter, 100, CancellationToken.None)).Select(r => _names[r.Memory.Id]);
        var evaluated = Rows.Where(r => MetadataFilterEvaluator.Matches(filter, MemoryCore.Model.MetadataJson.Parse(JsonSerializer.Serialize(r.Metadata)))).Select(r => r.Name);

        Assert.Equal(expected, string.Concat(listed.Order()));
        Assert.Equal(expected, string.Concat(searched.Order()));
        Assert.Equal(expected, string.Concat(evaluated.Order()));
    }

    [Theory]
    [InlineData("""{"rating": {"between": [1, 2]}}""")]
    [InlineData("""{"kind": {"in": []}}""")]
    [InlineData("""{"kind": {"in": "food"}}""")]
    [InlineData("""{"rating": {"gt": true}}""")]
    [InlineData("""{"AND": {"kind": "food"}}""")]
    [InlineData("""{"kind": {"eq": {"nested": 1}}}""")]
    [InlineData("""[1, 2]""")]
    public void Malformed_filters_are_rejected_with_a_clear_message(string filterJson)
    {
        var error = Assert.Throws<MemoryValidationException>(() => MetadataFilterParser.Parse(JsonDocument.Parse(filterJson).RootElement));

        Assert.Equal(ValidationFailure.Invalid, error.Failure);
        Assert.StartsWith("filters", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteMetadataFilterTests : MetadataFilterConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMetadataFilterTests : MetadataFilterConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
