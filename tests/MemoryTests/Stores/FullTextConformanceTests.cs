using System.Text.Json;
using MemoryCore.Filtering;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>Full-text search must mean the same in every store: which memories match, scoping, filters,
/// and that writes are reflected at once. Subclasses also say how to fake a database from before full-text.</summary>
public abstract partial class FullTextConformanceTests : FreshStoreTests
{
    /// <summary>Removes every full-text structure, as in a database created before full-text search existed.</summary>
    protected abstract Task RemoveFullTextStructuresAsync();

    protected Task<IReadOnlyList<ScoredMemory>> SearchAsync(MemoryScope scope, string query, MetadataFilter? filter = null, int limit = 10) =>
        Store.SearchTextAsync(scope, FullTextQuery.Terms(query), filter, limit, CancellationToken.None);

    private async Task<string[]> TextsAsync(MemoryScope scope, string query, MetadataFilter? filter = null, int limit = 10) =>
        [.. (await SearchAsync(scope, query, filter, limit)).Select(r => r.Memory.Memory)];

    [Fact]
    public async Task Ranks_memories_with_more_and_rarer_query_words_first_and_leaves_out_non_matches()
    {
        await AddAsync(Store, User("ana"), "I adopted a puppy named Biscuit last spring.");
        await AddAsync(Store, User("ana"), "The puppy chewed my favourite shoes.");
        await AddAsync(Store, User("ana"), "My sister lives in Oslo.");
        await AddAsync(Store, User("ana"), "We walked in the park with my sister.");

        var results = await SearchAsync(User("ana"), "What is the name of the puppy I adopted?");

        Assert.Equal(["I adopted a puppy named Biscuit last spring.", "The puppy chewed my favourite shoes."], results.Select(r => r.Memory.Memory));
        Assert.True(results[0].Score > results[1].Score, "more matching words rank higher");
        Assert.All(results, r => Assert.True(r.Score > 0));
    }

    [Fact]
    public async Task A_memory_repeating_the_query_word_ranks_above_one_that_says_it_once()
    {
        // BM25's term frequency: the same distinct words, "tea" three times against once.
        await AddAsync(Store, User("ana"), "Tea at noon.");
        await AddAsync(Store, User("ana"), "Tea, tea and more tea at noon.");
        await AddAsync(Store, User("ana"), "Coffee at noon.");

        var results = await SearchAsync(User("ana"), "tea");

        Assert.Equal(["Tea, tea and more tea at noon.", "Tea at noon."], results.Select(r => r.Memory.Memory));
        Assert.True(results[0].Score > results[1].Score, "the repeated word counts");
    }

    [Fact]
    public async Task Matches_inflected_forms_and_is_case_insensitive()
    {
        await AddAsync(Store, User("ana"), "She was RUNNING marathons in Zürich.");

        Assert.Single(await SearchAsync(User("ana"), "runs"));
        Assert.Single(await SearchAsync(User("ana"), "marathon"));
        Assert.Single(await SearchAsync(User("ana"), "zürich"));
        Assert.Empty(await SearchAsync(User("ana"), "swimming"));
    }

    [Fact]
    public async Task Is_scoped_like_vector_search()
    {
        await AddAsync(Store, User("ana"), "Ana plays the violin.");
        await AddAsync(Store, User("ana", run: "r1"), "Ana tuned the violin.");
        await AddAsync(Store, User("bob"), "Bob plays the violin.");
        await AddAsync(Store, MemoryScope.Create(null, "ana", null), "An agent called ana knows the violin.");

        var ana = await SearchAsync(User("ana"), "violin");
        var run = await SearchAsync(User("ana", run: "r1"), "violin");
        var agent = await SearchAsync(MemoryScope.Create(null, "ana", null), "violin");

        Assert.Equal(2, ana.Count);
        Assert.All(ana, r => Assert.Equal("ana", r.Memory.UserId));
        Assert.Equal("Ana tuned the violin.", Assert.Single(run).Memory.Memory);
        Assert.Equal("An agent called ana knows the violin.", Assert.Single(agent).Memory.Memory);
    }

    [Fact]
    public async Task Honours_metadata_filters_and_the_limit()
    {
        for (var i = 0; i < 6; i++)
        {
            await AddAsync(Store, User("ana"), $"Garden note {i}: the tomatoes need water.", new { kind = i % 2 == 0 ? "even" : "odd", n = i });
        }

        var even = MetadataFilterParser.Parse(JsonDocument.Parse("""{"kind": "even"}""").RootElement);
        var big = MetadataFilterParser.Parse(JsonDocument.Parse("""{"AND": [{"n": {"gte": 2}}, {"NOT": {"kind": "odd"}}]}""").RootElement);

        Assert.Equal(3, (await SearchAsync(User("ana"), "tomatoes", even)).Count);
        Assert.All(await SearchAsync(User("ana"), "tomatoes", even), r => Assert.Equal("even", r.Memory.Metadata["kind"].GetString()));
        Assert.Equal(["Garden note 2: the tomatoes need water.", "Garden note 4: the tomatoes need water."], (await TextsAsync(User("ana"), "tomatoes", big)).Order());
        Assert.Single(await SearchAsync(User("ana"), "tomatoes", even, limit: 1));
        Assert.Equal(4, (await SearchAsync(User("ana"), "tomatoes", limit: 4)).Count);
    }

    [Fact]
    public async Task Updates_and_deletes_are_reflected_at_once()
    {
        var scope = User("ana");
        var moved = await AddAsync(Store, scope, "I live in Paris.");
        var gone = await AddAsync(Store, scope, "I collect stamps from Paris.");
        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            await writer.CommitAsync(
            [
                new UpdateMemory(moved.Id, moved.Memory, "I live in Rome.", MemoryHash.Compute("I live in Rome."), Vector("I live in Rome."), MetadataJson.Empty, NextTime()),
                new DeleteMemory(gone.Id, gone.Memory),
            ], CancellationToken.None);
        }

        Assert.Empty(await SearchAsync(scope, "Paris"));
        Assert.Equal(moved.Id, Assert.Single(await SearchAsync(scope, "Rome")).Memory.Id);
        Assert.Empty(await SearchAsync(scope, "stamps"));

        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            await writer.CommitAsync([new UpdateMemory(moved.Id, "I live in Rome.", "I live in Rome.", MemoryHash.Compute("I live in Rome."), null, MetadataJson.Parse("""{"checked":true}"""), NextTime())], CancellationToken.None);
        }

        Assert.True(Assert.Single(await SearchAsync(scope, "Rome")).Memory.Metadata["checked"].GetBoolean());
        await AddAsync(Store, User("bob"), "Bob lives in Rome too.");
        await Store.DeleteScopeAsync(scope, CancellationToken.None);
        Assert.Empty(await SearchAsync(scope, "Rome"));
        Assert.Single(await SearchAsync(User("bob"), "Rome"));
        await Store.ResetAsync(CancellationToken.None);
        Assert.Empty(await SearchAsync(User("bob"), "Rome"));
    }

    [Fact]
    public async Task A_database_from_before_full_text_gets_the_index_and_its_rows_at_start_up()
    {
        var old = await AddAsync(Store, User("ana"), "The lighthouse keeper retired in March.");
        await RemoveFullTextStructuresAsync();

        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);
        await reopened.InitializeAsync(CancellationToken.None);
        var fresh = await AddAsync(reopened, User("ana"), "A new lighthouse opened.");

        var results = await reopened.SearchTextAsync(User("ana"), FullTextQuery.Terms("lighthouse"), null, 10, CancellationToken.None);
        Assert.Equal(new[] { fresh.Id, old.Id }.Order(), results.Select(r => r.Memory.Id).Order());
    }

    [Fact]
    public async Task Get_many_reads_existing_memories_in_one_call()
    {
        var a = await AddAsync(Store, User("ana"), "First.");
        var b = await AddAsync(Store, User("bob"), "Second.");

        var read = await Store.GetManyAsync([a.Id, b.Id, Guid.NewGuid()], CancellationToken.None);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), read.Select(r => r.Id).Order());
        Assert.Equal("bob", read.Single(r => r.Id == b.Id).UserId);
        Assert.Empty(await Store.GetManyAsync([], CancellationToken.None));
    }
}
