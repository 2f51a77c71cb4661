namespace MemoryTests.Graph;

/// <summary>
/// The checker itself: it must reject what Neo4j rejects, or <see cref="CypherSyntaxTests"/> would pass vacuously.
/// </summary>
public sealed class CypherSyntaxCheckerTests
{
    [Fact]
    public async Task A_broken_statement_is_rejected_and_a_sound_one_accepted()
    {
        var check = await CypherSyntaxChecker.CheckAsync(
        [
            new("MATCH (n RETURN n"),
            new("MATCH (n:MemoryEntity) RETURN n.id AS id"),
        ]);

        Assert.Equal(1, check.ExitCode);
        Assert.Equal(["CYPHER 5", "CYPHER 25"], check.Verdicts.Where(v => v.Index == 0).Select(v => v.Version));
        Assert.All(check.Verdicts.Where(v => v.Index == 0), v => Assert.Contains(v.Errors, e => e.Message.Contains("Invalid input 'RETURN'", StringComparison.Ordinal)));
        Assert.All(check.Verdicts.Where(v => v.Index == 1), v => Assert.Empty(v.Errors));
    }

    [Fact]
    public async Task Neo4js_semantic_errors_and_unsent_parameters_are_reported()
    {
        var check = await CypherSyntaxChecker.CheckAsync(
        [
            new("MATCH (n) RETURN m"),
            new("MATCH (n) WHERE n.id = $id RETURN n", Parameters: ["other"]),
            new("MATCH (n) WHERE n.id = $id RETURN n", Parameters: ["id"]),
        ]);

        Assert.Equal(1, check.ExitCode);
        Assert.All(check.Verdicts.Where(v => v.Index == 0), v => Assert.Contains(v.Errors, e => e.Message == "Variable `m` not defined"));
        Assert.All(check.Verdicts.Where(v => v.Index == 1), v => Assert.Contains(v.Errors, e => e.Message == "Parameter $id is not defined."));
        Assert.All(check.Verdicts.Where(v => v.Index == 2), v => Assert.Empty(v.Errors));
    }
}
