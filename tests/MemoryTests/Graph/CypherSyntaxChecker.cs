using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>A statement to check, with the names of the parameters its request sends (null: do not check them).</summary>
internal sealed record CypherStatement(string Statement, IReadOnlyList<string>? Parameters = null);

internal sealed record CypherDiagnostic(int Line, int Column, string Message);

/// <summary>One statement under one Cypher version ("CYPHER 5", "CYPHER 25").</summary>
internal sealed record CypherVerdict(int Index, string Version, string Statement, IReadOnlyList<CypherDiagnostic> Errors, IReadOnlyList<CypherDiagnostic> Warnings);

internal sealed record CypherCheck(int ExitCode, IReadOnlyList<CypherVerdict> Verdicts, string Errors);

/// <summary>
/// Runs tests/cypher-syntax/check-cypher.cjs (Neo4j's Cypher grammar and frontend from npm) on statements. A missing
/// Node.js or npm install fails the test instead of skipping it: a skipped check would let broken Cypher through.
/// </summary>
internal static class CypherSyntaxChecker
{
    public const string InstallCommand = "scripts/install-cypher-grammar";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<CypherCheck> CheckAsync(IReadOnlyList<CypherStatement> statements)
    {
        var folder = NodeScript.RequirePackage("cypher-syntax", Path.Combine("@neo4j-cypher", "language-support"), InstallCommand, "Neo4j's Cypher grammar");
        var input = statements.Select(s => s.Parameters is null ? (object)s.Statement : new { statement = s.Statement, parameters = s.Parameters });
        // Generous: the frontend is a 24 MB script, and the machine may be busy.
        var run = await NodeScript.RunAsync(folder, "check-cypher.cjs", InstallCommand, JsonSerializer.Serialize(input, Json), null, TimeSpan.FromMinutes(2));
        var verdicts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<CypherVerdict>(line, Json)!).ToList();
        return new CypherCheck(run.ExitCode, verdicts, run.Stderr);
    }
}
