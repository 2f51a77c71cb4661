using System.Reflection;
using System.Text.RegularExpressions;
using MemoryCore.Graph.Neo4j;
using MemoryTests.Api;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>
/// Every Cypher statement the Neo4j projection and the Neo4j graph reader send, recorded from the real code against
/// <see cref="FakeNeo4jServer"/> and parsed with Neo4j's own grammar (<see cref="CypherSyntaxChecker"/>), so that a
/// statement Neo4j would reject fails here, without a Neo4j server. What the statements do is the live suite's job
/// (<see cref="Neo4jGraphConformanceTests"/>, when NEO4J_URI is set).
/// </summary>
public sealed partial class CypherSyntaxTests : FakeNeo4jApiTestBase
{
    [Fact]
    public async Task Every_statement_sent_toNeo4j_parses_withNeo4js_grammar()
    {
        var sent = await RecordAsync();

        var check = await CypherSyntaxChecker.CheckAsync(sent);

        var listing = string.Join("\n\n", check.Verdicts.Select(Describe));
        var distinct = sent.Select(s => s.Statement).Distinct().Count();
        TestContext.Current.TestOutputHelper?.WriteLine($"{distinct} distinct statements ({sent.Count} with their parameter sets) checked under Cypher 5 and 25:\n\n{listing}");
        Assert.True(distinct > 0, "no Cypher statement was recorded");
        Assert.True(check.Verdicts.Count == sent.Count * 2, $"expected a verdict per statement and Cypher version, got {check.Verdicts.Count} for {sent.Count}: {check.Errors}\n{listing}");
        Assert.True(check.ExitCode == 0 && check.Verdicts.All(v => v.Errors.Count == 0), $"Neo4j's grammar rejects statements (exit {check.ExitCode}) {check.Errors}\n\n{listing}");
    }

    /// <summary>Each statement template of <see cref="Neo4jCypher"/> was sent at least once, so none escapes the check.</summary>
    [Fact]
    public async Task The_recorded_statements_cover_every_statement_the_provider_defines()
    {
        var sent = (await RecordAsync()).Select(s => s.Statement).ToList();

        var templates = typeof(Neo4jCypher).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (f.Name, Text: (string)f.GetRawConstantValue()!)).ToList();

        Assert.NotEmpty(templates);
        Assert.All(templates, t => Assert.True(sent.Any(s => Template(t.Text).IsMatch(s)), $"Neo4jCypher.{t.Name} was never sent, so its syntax is unchecked"));
    }

    /// <summary>
    /// The checker's library reports no errors when Neo4j's frontend itself throws, which would pass silently. An
    /// undefined variable put in front of each recorded statement must be reported, so the frontend did analyse it.
    /// </summary>
    [Fact]
    public async Task Neo4js_frontend_really_analyses_each_recorded_statement()
    {
        var probes = (await RecordAsync())
            .Where(s => !SchemaCommand().IsMatch(s.Statement)) // a schema command cannot follow a clause
            .Select(s => s with { Statement = "UNWIND [cypher_check_probe] AS cypher_check_row\n" + s.Statement })
            .ToList();

        var check = await CypherSyntaxChecker.CheckAsync(probes);

        Assert.NotEmpty(probes);
        Assert.Equal(probes.Count * 2, check.Verdicts.Count);
        Assert.All(check.Verdicts, v => Assert.True(v.Errors.Any(e => e.Message == "Variable `cypher_check_probe` not defined"), Describe(v)));
    }

    private static string Describe(CypherVerdict v)
    {
        static string Lines(string kind, IReadOnlyList<CypherDiagnostic> found) =>
            string.Concat(found.Select(d => $"\n  {kind} at {d.Line}:{d.Column}: {d.Message}"));
        return $"#{v.Index} {v.Version}: {(v.Errors.Count == 0 ? "ok" : "REJECTED")}{Lines("error", v.Errors)}{Lines("warning", v.Warnings)}\n{v.Statement}";
    }

    [GeneratedRegex(@"^\s*(CREATE|DROP|SHOW)\s+(CONSTRAINT|INDEX)", RegexOptions.IgnoreCase)]
    private static partial Regex SchemaCommand();

    /// <summary>A template as a pattern: its @@SLOT@@ placeholders match whatever was filled in.</summary>
    private static Regex Template(string text) =>
        new(string.Join(".*?", Regex.Split(text, "@@[A-Z0-9_]+@@").Select(Regex.Escape)), RegexOptions.Singleline | RegexOptions.CultureInvariant);
}
