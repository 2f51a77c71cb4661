using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// The text policy end to end, on both stores alike: NUL (which PostgreSQL cannot store) is a 400 naming the field,
/// never a 503; every other control character is kept exactly, in memories, metadata and recorded turns.
/// </summary>
public abstract class StorableTextApiTests : MemoryApiTestBase
{
    private const string Controls = "tab\there, line\nbreak, soh \u0001, escape \u001b[1m, delete \u007f, nonchar \uffff, emoji \U0001F600";

    [Fact]
    public async Task A_nul_in_a_message_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var response = await Client.PostRawAsync("/memories", """{"messages":[{"role":"user","content":"I like\u0000tea."}],"user_id":"ana"}""");

        var detail = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("messages[0].content", detail, StringComparison.Ordinal);
        Assert.Contains("NUL", detail, StringComparison.Ordinal);
        Assert.Empty(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task A_nul_in_a_metadata_value_is_a_400_naming_its_path()
    {
        var response = await Client.PostRawAsync("/memories", """{"messages":"I like tea.","user_id":"ana","metadata":{"tags":["ok","a\u0000"]}}""");

        var detail = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("metadata.tags[1]", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_control_characters_round_trip_exactly()
    {
        var added = Assert.Single(await AddAsync(new { messages = Controls, user_id = "ana", infer = false, metadata = new { c = Controls } }));

        var stored = await (await Client.GetAsync($"/memories/{added.Str("id")}")).ReadJsonAsync();
        Assert.Equal(Controls, stored.Str("memory"));
        Assert.Equal(Controls, stored.GetProperty("metadata").Str("c"));
        var turn = Assert.Single((await (await Client.GetAsync("/turns?user_id=ana")).ReadJsonAsync()).Results());
        Assert.Equal(Controls, turn.Str("content"));
        var found = await SearchAsync(new { query = Controls, user_id = "ana", mode = "fulltext" });
        Assert.Equal(added.Str("id"), Assert.Single(found).Str("id"));
        Assert.Equal(JsonValueKind.Array, (await (await Client.GetAsync("/memories?user_id=ana")).ReadJsonAsync()).GetProperty("results").ValueKind);
    }
}

public sealed class SqliteStorableTextApiTests : StorableTextApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresStorableTextApiTests : StorableTextApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
