using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AppHost.Infrastructure;

/// <summary>
/// Asks the container engine's daemon for its version, as Aspire's orchestrator would need it to answer.
/// A client without a daemon (this repository's CI machines have a <c>docker</c> client and no engine) fails
/// within seconds; the probe gives up after <see cref="Timeout"/> either way.
/// </summary>
internal static class ContainerEngineProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public readonly record struct Result(bool Available, string Detail);

    public static Result Run(IConfiguration configuration)
    {
        // The same setting Aspire's orchestrator reads to pick docker or podman.
        var engine = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        var start = new ProcessStartInfo(engine)
        {
            ArgumentList = { "info", "--format", "{{.ServerVersion}}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return new(false, $"{engine} could not be started");
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new(false, $"'{engine} info' did not answer within {Timeout.TotalSeconds:0} s");
            }

            var version = output.Result.Trim();
            return process.ExitCode == 0 && version.Length > 0
                ? new(true, $"{engine} {version}")
                : new(false, $"'{engine} info' failed: {FirstLine(error.Result)}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new(false, $"no '{engine}' command");
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
