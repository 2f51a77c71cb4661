using System.Diagnostics;

namespace AppHost.Tests.Infrastructure;

/// <summary>A setting the AppHost cannot start with ends it at once with one message, never a silent hang.</summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task AnUnknownInfrastructureSettingStopsTheAppHostWithOneMessage()
    {
        var (exitCode, output) = await RunAppHostAsync("--AppHost:Infrastructure=kubernetes");

        Assert.Equal(1, exitCode);
        Assert.Contains("[apphost] cannot start: AppHost:Infrastructure must be 'auto', 'containers' or 'local', not 'kubernetes'.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task ADataFolderThePostgresUserCannotReachStopsTheAppHostNamingTheSetting()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Only root hands PostgreSQL to the postgres user.");
        var privateFolder = Directory.CreateTempSubdirectory("apphost-private-").FullName; // mode 700
        try
        {
            var (exitCode, output) = await RunAppHostAsync("--AppHost:Infrastructure=local", $"--LocalPostgres:DataDir={privateFolder}/postgres");

            Assert.Equal(1, exitCode);
            Assert.Contains($"cannot reach {privateFolder}", output, StringComparison.Ordinal);
            Assert.Contains("LocalPostgres:DataDir", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(privateFolder, recursive: true);
        }
    }

    /// <summary>
    /// Runs the AppHost as its own process, from its own build output (AppHost/bin/&lt;configuration&gt;/&lt;tfm&gt;, the same
    /// configuration as these tests): the copy next to the tests lacks the AppHost's own dependency manifest.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAppHostAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var testProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
        var output = Path.GetRelativePath(Path.Combine(testProject, "bin"), AppContext.BaseDirectory);
        var appHostOutput = Path.GetFullPath(Path.Combine(testProject, "..", "..", "AppHost", "bin", output));
        start.WorkingDirectory = appHostOutput;
        start.ArgumentList.Add(Path.Combine(appHostOutput, "AppHost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The AppHost neither started nor stopped within a minute.");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }
}
