namespace AppHost.Tests.Topology;

public static class TestFolders
{
    /// <summary>
    /// A new folder for a PostgreSQL cluster. Under /tmp with mode 755 on the way, because PostgreSQL runs as its own
    /// user (scripts/local-postgres) and must reach it.
    /// </summary>
    public static string PostgresDataDirectory()
    {
        var parent = Directory.CreateTempSubdirectory("memory-apphost-tests-");
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(parent.FullName, "postgres");
        }

        File.SetUnixFileMode(parent.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return Path.Combine(parent.FullName, "postgres");
    }

    public static void Delete(string dataDirectory)
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
        }
        catch (IOException)
        {
            // A PostgreSQL still shutting down can hold files for a moment; the folder is under /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
