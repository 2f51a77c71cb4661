using MemoryCore.Model;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Graph;

// Erase, reset, neighbourhood walks and the family cases of the graph contract.
public abstract partial class GraphConformanceTests
{
    [Fact]
    public async Task Delete_all_and_reset_leave_no_orphans()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        await Harness.AddAsync(User("ana", run: "r1"), "I live in Paris.");
        await Harness.AddAsync(User("ana"), "I live in Rome.");
        await Harness.AddAsync(User("bob"), "My brother Tom plays chess.");

        await Harness.DeleteScopeAsync(User("ana"));

        Assert.Empty(await Reader.NodesAsync(User("ana"), CancellationToken.None));
        Assert.Empty(await HistoryAsync(User("ana")));
        Assert.Equal(["Tom -plays-> chess", "bob -brother-> Tom"], Triples(await CurrentAsync(User("bob"))));
        if (await CountRowsAsync("graph_nodes") is { } nodes)
        {
            Assert.Equal(3, nodes); // bob, Tom, chess
            Assert.Equal(2, await CountRowsAsync("graph_edges"));
            Assert.Equal(2, await CountRowsAsync("graph_edge_sources"));
        }

        await Harness.ResetAsync();

        Assert.Empty(await Reader.NodesAsync(User("bob"), CancellationToken.None));
        Assert.Empty(await HistoryAsync(User("bob")));
        if (await CountRowsAsync("graph_nodes") is { } left)
        {
            Assert.Equal(0, left + (await CountRowsAsync("graph_edges"))!.Value + (await CountRowsAsync("graph_edge_sources"))!.Value);
        }
    }

    [Fact]
    public async Task A_write_planned_before_a_concurrent_delete_all_writes_nothing()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");

        await Assert.ThrowsAsync<MemoryCore.MemoryConflictException>(() => Harness.AddAsync(User("ana"), "Maria works at the bakery.", () => Store.DeleteScopeAsync(User("ana"), CancellationToken.None)));

        Assert.Empty((await Store.ListAsync(User("ana"), null, 10, null, CancellationToken.None)).Items);
        Assert.Empty(await Harness.Graph.RelationsAsync(User("ana"), null, includeHistory: true, CancellationToken.None));
        Assert.Empty(await Harness.Graph.NodesAsync(User("ana"), CancellationToken.None));
    }

    [Fact]
    public async Task Walks_n_hops_in_one_query_and_never_through_the_user()
    {
        var scripted = NewHarness(scripted: true);
        await scripted.AddAsync(User("ana"), "USER|friend|Tom\nTom|works_at|Acme\nAcme|located_in|Berlin\nUSER|sister|Sofia\nSofia|plays|tennis");

        var one = await NeighbourhoodAsync(User("ana"), ["Tom"], hops: 1);
        var two = await NeighbourhoodAsync(User("ana"), ["Tom"], hops: 2);
        var three = await NeighbourhoodAsync(User("ana"), ["Tom"], hops: 3);

        Assert.Equal(["Tom -works_at-> Acme", "ana -friend-> Tom"], Triples(one.Select(r => r.Relation)));
        Assert.All(one, r => Assert.Equal(0, r.Depth));
        Assert.Equal(["Acme -located_in-> Berlin", "Tom -works_at-> Acme", "ana -friend-> Tom"], Triples(two.Select(r => r.Relation)));
        Assert.Equal(1, Assert.Single(two, r => r.Relation.Destination == "Berlin").Depth);
        Assert.Equal(Triples(two.Select(r => r.Relation)), Triples(three.Select(r => r.Relation))); // the user is not a path to the sister
        Assert.Equal(["ana -friend-> Tom", "ana -sister-> Sofia"], Triples((await NeighbourhoodAsync(User("ana"), [], hops: 1, self: true)).Select(r => r.Relation)));

        var commands = await CountCommandsAsync(() => NeighbourhoodAsync(User("ana"), ["Tom", "Acme", "Berlin", "Sofia"], hops: 3));
        Assert.True(commands is null or 1, $"a neighbourhood search sent {commands} commands");
    }

    [Fact]
    public async Task A_question_about_the_mother_finds_the_mother_not_the_sister()
    {
        var (mother, _) = await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        var (sister, _) = await Harness.AddAsync(User("ana"), "My sister Sofia plays tennis.");

        var aboutMother = await Harness.Memory.SearchAsync("What does my mother like?", User("ana"), null, null, CancellationToken.None);
        var aboutSister = await Harness.Memory.SearchAsync("Which sport does my sister play?", User("ana"), null, null, CancellationToken.None);

        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(aboutMother.Select(r => r.Relation)));
        Assert.All(aboutMother, r => Assert.Equal([mother.Id], r.Relation.MemoryIds));
        Assert.Equal(["Sofia -plays-> tennis", "ana -sister-> Sofia"], Triples(aboutSister.Select(r => r.Relation)));
        Assert.All(aboutSister, r => Assert.Equal([sister.Id], r.Relation.MemoryIds));
    }

    [Fact]
    public async Task An_unnamed_relative_is_the_one_the_user_already_named()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        await Harness.AddAsync(User("ana"), "My mother is allergic to cats.");
        await Harness.AddAsync(User("ana"), "My brother lives in Oslo.");

        Assert.Equal(
            ["Maria -allergic_to-> cats", "Maria -loves-> gardening", "ana -brother-> ana's brother", "ana -mother-> Maria", "ana's brother -lives_in-> Oslo"],
            Triples(await CurrentAsync(User("ana"))));
    }

    [Fact]
    public async Task Opposite_attitudes_replace_each_other()
    {
        await Harness.AddAsync(User("ana"), "I like loud music.");
        var (_, changed) = await Harness.AddAsync(User("ana"), "I don't like loud music.");

        Assert.Equal(["ana -dislikes-> loud music"], Triples(changed.Added));
        Assert.Equal(["ana -likes-> loud music"], Triples(changed.Deleted));
        Assert.Equal(["ana -dislikes-> loud music"], Triples(await CurrentAsync(User("ana"))));
    }

    [Fact]
    public async Task Relations_of_other_scopes_never_appear()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        await Harness.AddAsync(User("bob"), "My mother Maria loves gardening.");

        var bob = await Harness.Memory.SearchAsync("What does my mother like?", User("bob"), null, null, CancellationToken.None);
        var bobMemories = (await Store.ListAsync(User("bob"), null, 10, null, CancellationToken.None)).Items.Select(m => m.Id).ToHashSet();

        Assert.Equal(["Maria -loves-> gardening", "bob -mother-> Maria"], Triples(bob.Select(r => r.Relation)));
        Assert.All(bob, r => Assert.Subset(bobMemories, r.Relation.MemoryIds.ToHashSet()));
        Assert.Empty(await Harness.Memory.SearchAsync("What does my mother like?", MemoryScope.Create("carl", null, null), null, null, CancellationToken.None));
    }
}
