using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

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
        var folder = Path.Combine(RepositoryRoot(), "tests", "cypher-syntax");
        var grammar = Path.Combine(folder, "node_modules", "@neo4j-cypher", "language-support");
        Assert.True(Directory.Exists(grammar), $"Neo4j's Cypher grammar is not installed in {folder}: run `{InstallCommand}` (npm ci --prefix tests/cypher-syntax).");

        var start = new ProcessStartInfo("node", [Path.Combine(folder, "check-cypher.cjs")])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Node.js is needed to parse Cypher with Neo4j's grammar and could not be started ({ex.Message}): run `{InstallCommand}`.");
            throw;
        }

        using (process)
        {
            // Generous: the frontend is a 24 MB script, and the machine may be busy.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var input = statements.Select(s => s.Parameters is null ? (object)s.Statement : new { statement = s.Statement, parameters = s.Parameters });
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input, Json).AsMemory(), timeout.Token);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var verdicts = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<CypherVerdict>(line, Json)!).ToList();
            return new CypherCheck(process.ExitCode, verdicts, await stderr);
        }
    }

    /// <summary>The folder holding Aspire.sln, above the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aspire.sln above {AppContext.BaseDirectory}.");
    }
}
