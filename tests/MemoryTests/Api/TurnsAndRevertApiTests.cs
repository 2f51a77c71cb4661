using System.Net;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Raw turns for distillation, and reverting a memory to an earlier version, on both stores.</summary>
public abstract class TurnsAndRevertApiTests : MemoryApiTestBase
{
    [Fact]
    public async Task Turns_are_recorded_per_scope_in_order_and_erased_with_the_scope()
    {
        await AddAsync(new { messages = new[] { new { role = "system", content = "Be kind." }, new { role = "user", content = "What time is it?" }, new { role = "assistant", content = "It is noon." } }, user_id = "ana", run_id = "r1" });
        await AddAsync(new { messages = "I swim on Mondays.", user_id = "ana", run_id = "r2" });
        await AddAsync(new { messages = "I play chess.", user_id = "bob" });
        await AddAsync(new { messages = "Distilled pattern.", user_id = "ana", agent_id = "distillation", infer = false, record_turns = false });

        var ana = (await (await Client.GetAsync("/turns?user_id=ana")).ReadJsonAsync()).Results();
        var scopes = await (await Client.GetAsync("/turns/scopes?after_seq=0")).ReadJsonAsync();

        Assert.Equal(["What time is it?", "It is noon.", "I swim on Mondays."], ana.Select(t => t.Str("content")));
        Assert.Equal(["user", "assistant", "user"], ana.Select(t => t.Str("role")));
        Assert.Equal(["r1", "r1", "r2"], ana.Select(t => t.Str("run_id")));
        var seqs = ana.Select(t => t.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(["ana", "bob"], scopes.Results().Select(s => s.Str("user_id")).Order());
        Assert.Equal(seqs[^1], scopes.Results().Single(s => s.Str("user_id") == "ana").GetProperty("last_seq").GetInt64());

        var later = await (await Client.GetAsync($"/turns/scopes?after_seq={scopes.GetProperty("max_seq").GetInt64()}")).ReadJsonAsync();
        Assert.Empty(later.Results());

        await (await Client.DeleteAsync("/memories?user_id=ana")).ReadJsonAsync();
        Assert.Empty((await (await Client.GetAsync("/turns?user_id=ana")).ReadJsonAsync()).Results());
        Assert.Single((await (await Client.GetAsync("/turns?user_id=bob")).ReadJsonAsync()).Results());
    }

    [Fact]
    public async Task A_rejected_add_records_no_turns()
    {
        await (await Client.PostJsonAsync("/memories", new { messages = new[] { new { role = "robot", content = "x" } }, user_id = "ana" })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty((await (await Client.GetAsync("/turns?user_id=ana")).ReadJsonAsync()).Results());
    }

    [Fact]
    public async Task Turn_routes_need_a_scope_or_valid_paging()
    {
        await (await Client.GetAsync("/turns")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Client.GetAsync("/turns?user_id=ana&limit=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.GetAsync("/turns/scopes?after_seq=abc")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_memory_reverts_to_an_earlier_version()
    {
        var id = Assert.Single(await AddAsync(new { messages = "I live in Paris.", user_id = "ana" })).Str("id");
        await AddAsync(new { messages = "I live in Rome.", user_id = "ana" });
        var history = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results();

        var reverted = await (await Client.PostJsonAsync($"/memories/{id}/revert", new { history_id = history[0].Str("id") })).ReadJsonAsync();

        Assert.Equal("I live in Paris.", reverted.Str("memory"));
        var after = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results();
        Assert.Equal(["ADD", "UPDATE", "UPDATE"], after.Select(h => h.Str("event")));
        Assert.Equal(("I live in Rome.", "I live in Paris."), (after[2].Str("old_memory"), after[2].Str("new_memory")));
        Assert.Equal("I live in Paris.", (await SearchAsync(new { query = "I live in Paris.", user_id = "ana", limit = 1 }))[0].Str("memory"));
    }

    [Fact]
    public async Task Revert_rejects_foreign_or_malformed_history_ids()
    {
        var ana = Assert.Single(await AddAsync(new { messages = "I live in Paris.", user_id = "ana" })).Str("id");
        var bob = Assert.Single(await AddAsync(new { messages = "I live in Oslo.", user_id = "bob" })).Str("id");
        var bobHistory = (await (await Client.GetAsync($"/memories/{bob}/history")).ReadJsonAsync()).Results()[0].Str("id");

        await (await Client.PostJsonAsync($"/memories/{ana}/revert", new { history_id = bobHistory })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync($"/memories/{ana}/revert", new { history_id = "nope" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync($"/memories/{Guid.NewGuid()}/revert", new { history_id = bobHistory })).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("I live in Paris.", (await (await Client.GetAsync($"/memories/{ana}")).ReadJsonAsync()).Str("memory"));
        Assert.Equal("I live in Oslo.", (await (await Client.GetAsync($"/memories/{bob}")).ReadJsonAsync()).Str("memory"));
    }
}

public sealed class SqliteTurnsAndRevertApiTests : TurnsAndRevertApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresTurnsAndRevertApiTests : TurnsAndRevertApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
