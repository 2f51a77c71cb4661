using System.ComponentModel;
using System.Diagnostics;

namespace MemoryTests.Infrastructure;

internal sealed record NodeRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a Node.js script of a folder under tests/ whose npm packages an install script pins (the Cypher grammar, the
/// Mem0 client). A missing Node.js or npm install fails the test with the command to run instead of skipping it:
/// a skipped check would let a regression through.
/// </summary>
internal static class NodeScript
{
    /// <summary>Fails the test unless <paramref name="package"/> is installed in tests/<paramref name="folder"/>/node_modules; returns the folder.</summary>
    public static string RequirePackage(string folder, string package, string installCommand, string what)
    {
        var path = Path.Combine(RepositoryRoot(), "tests", folder);
        Assert.True(
            Directory.Exists(Path.Combine(path, "node_modules", package)),
            $"{what} is not installed in {path}: run `{installCommand}` (npm ci --prefix tests/{folder}).");
        return path;
    }

    public static async Task<NodeRun> RunAsync(
        string folder,
        string script,
        string installCommand,
        string? stdin,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(folder, script)])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Node.js is needed to run tests/{Path.GetFileName(folder)}/{script} and could not be started ({ex.Message}): run `{installCommand}`.");
            throw;
        }

        using (process)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            cancel.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel.Token);
            }

            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new NodeRun(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>The folder holding Aspire.sln, above the test binaries.</summary>
    public static string RepositoryRoot()
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
