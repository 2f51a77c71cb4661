using System.Diagnostics;

namespace AppHost.Infrastructure;

/// <summary>
/// What local mode needs from the machine: PostgreSQL 15 with pgvector, and Debian's Python with Django for the
/// sample. Missing pieces are installed with the project's own scripts when the AppHost may (it runs as root, the
/// scripts use apt); otherwise the AppHost stops with one message naming the command to run. Never a silent hang.
/// </summary>
internal static class LocalPrerequisites
{
    public const string PostgresBin = "/usr/lib/postgresql/15/bin/postgres";
    public const string PgvectorControl = "/usr/share/postgresql/15/extension/vector.control";

    public static void Ensure(string repositoryRoot, string python, TextWriter log)
    {
        Require(
            "PostgreSQL 15 with pgvector",
            () => File.Exists(PostgresBin) && File.Exists(PgvectorControl),
            Path.Combine(repositoryRoot, "scripts", "install-pgvector"),
            [],
            log);
        Require(
            $"Django for {python}",
            () => Succeeds(python, "-c", "import django"),
            Path.Combine(repositoryRoot, "scripts", "install-deps"),
            ["python"],
            log);
    }

    /// <summary>
    /// Run as root, PostgreSQL runs as the <c>postgres</c> user (it refuses root), which must be able to reach the data
    /// folder: a clone under a private home folder (mode 700) would fail only later, inside the resource's log.
    /// </summary>
    public static void EnsureReachableByPostgres(string dataDirectory)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        var existing = dataDirectory;
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        if (!Succeeds("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", "test", "-x", existing))
        {
            throw new DistributedApplicationException(
                $"PostgreSQL runs as the postgres user, which cannot reach {existing} (a parent folder is private). "
                + "Set LocalPostgres:DataDir to a folder it can reach, e.g. --LocalPostgres:DataDir=/var/lib/memory-service/postgres.");
        }
    }

    private static void Require(string what, Func<bool> present, string script, string[] arguments, TextWriter log)
    {
        if (present())
        {
            return;
        }

        var command = string.Join(' ', [script, .. arguments]);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new DistributedApplicationException(
                $"{what} is not installed. Run `sudo {command}` once, then start the AppHost again.");
        }

        log.WriteLine($"[apphost] {what} is not installed: running {command} (a few minutes, once)");
        if (!Succeeds(script, arguments) || !present())
        {
            throw new DistributedApplicationException($"{what} could not be installed by {command}; run it yourself to see why.");
        }
    }

    private static bool Succeeds(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
