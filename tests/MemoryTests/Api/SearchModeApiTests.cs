using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>POST /search with mode and explain, on both stores.</summary>
public abstract class SearchModeApiTests : MemoryApiTestBase
{
    private async Task SeedAsync()
    {
        var facts = new[] { "My cat Biscuit sleeps on the sofa.", "The sofa is blue.", "We bought groceries on Monday.", "I play the violin on Sundays." };
        await AddAsync(new { messages = facts.Select(f => new { role = "user", content = f }).ToArray(), user_id = "ana", infer = false });
        await AddAsync(new { messages = "Bob plays the violin too.", user_id = "bob", infer = false });
    }

    [Fact]
    public async Task Fulltext_mode_finds_keyword_matches_of_the_scope_and_explains_them()
    {
        await SeedAsync();

        var results = await SearchAsync(new { query = "violin", user_id = "ana", mode = "fulltext", explain = true });

        var only = Assert.Single(results);
        Assert.Equal("I play the violin on Sundays.", only.Str("memory"));
        var explain = only.GetProperty("explain");
        Assert.Equal(["fulltext"], explain.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, explain.GetProperty("fulltext").GetProperty("rank").GetInt32());
        Assert.True(explain.GetProperty("fulltext").GetProperty("score").GetDouble() > 0);
        Assert.InRange(only.GetProperty("score").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task Hybrid_mode_explains_both_signals_and_a_missed_signal_is_null()
    {
        await SeedAsync();

        var results = await SearchAsync(new { query = "Where does Biscuit sleep?", user_id = "ana", mode = "HYBRID", explain = true });

        Assert.Equal("My cat Biscuit sleeps on the sofa.", results[0].Str("memory"));
        Assert.All(results, r => Assert.Equal(["fulltext", "vector"], r.GetProperty("explain").EnumerateObject().Select(p => p.Name).Order()));
        Assert.All(results, r => Assert.InRange(r.GetProperty("score").GetDouble(), 0, 1));
        Assert.All(results, r => Assert.Equal("ana", r.Str("user_id")));
        var groceries = results.Single(r => r.Str("memory").StartsWith("We bought", StringComparison.Ordinal)).GetProperty("explain").GetProperty("fulltext");
        Assert.Equal(JsonValueKind.Null, groceries.GetProperty("rank").ValueKind);
        Assert.Equal(JsonValueKind.Null, groceries.GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task The_default_mode_is_vector_and_keeps_cosine_scores()
    {
        await SeedAsync();

        var byDefault = await SearchAsync(new { query = "violin on the sofa", user_id = "ana", explain = true });
        var hybrid = await SearchAsync(new { query = "violin on the sofa", user_id = "ana", mode = "hybrid", explain = true });
        var plain = await SearchAsync(new { query = "I play the violin on Sundays.", user_id = "ana", mode = "vector" });
        var explained = await SearchAsync(new { query = "I play the violin on Sundays.", user_id = "ana", mode = "vector", explain = true });

        Assert.All(byDefault, r => Assert.Equal(["vector"], r.GetProperty("explain").EnumerateObject().Select(p => p.Name)));
        Assert.All(hybrid, r => Assert.Equal(["fulltext", "vector"], r.GetProperty("explain").EnumerateObject().Select(p => p.Name).Order()));
        Assert.False(plain[0].TryGetProperty("explain", out _));
        Assert.InRange(plain[0].GetProperty("score").GetDouble(), 0.999, 1.0);
        Assert.Equal(plain.Select(r => r.Str("id")), explained.Select(r => r.Str("id")));
        Assert.All(explained, r => Assert.Equal(["vector"], r.GetProperty("explain").EnumerateObject().Select(p => p.Name)));
        Assert.All(explained, r => Assert.Equal(r.GetProperty("score").GetDouble(), r.GetProperty("explain").GetProperty("vector").GetProperty("score").GetDouble()));
        Assert.True(explained[1].GetProperty("score").GetDouble() < 0.9, "the runner-up keeps its own cosine, not a fused score");
    }

    [Fact]
    public async Task Threshold_cuts_the_fused_score_in_fused_modes()
    {
        await SeedAsync();

        var all = await SearchAsync(new { query = "Biscuit sofa", user_id = "ana", mode = "hybrid" });
        var top = await SearchAsync(new { query = "Biscuit sofa", user_id = "ana", mode = "hybrid", threshold = 0.99 });

        Assert.True(all.Length > 1);
        Assert.Equal("My cat Biscuit sleeps on the sofa.", Assert.Single(top).Str("memory"));
    }

    [Theory]
    [InlineData("semantic")]
    [InlineData("")]
    [InlineData("vector;hybrid")]
    public async Task An_unknown_mode_is_a_400_problem_naming_the_valid_ones(string mode)
    {
        var detail = await (await Client.PostJsonAsync("/search", new { query = "violin", user_id = "ana", mode })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("mode", detail, StringComparison.Ordinal);
        Assert.Contains("hybrid", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mode_of_the_wrong_type_is_a_400_problem()
    {
        await (await Client.PostRawAsync("/search", """{"query": "violin", "user_id": "ana", "mode": 3}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/search", """{"query": "violin", "user_id": "ana", "explain": "yes"}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteSearchModeApiTests : SearchModeApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresSearchModeApiTests : SearchModeApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
