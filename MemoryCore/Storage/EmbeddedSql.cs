using System.Reflection;

namespace MemoryCore.Storage;

/// <summary>Reads SQL kept in embedded .sql files.</summary>
internal static class EmbeddedSql
{
    public static string Load(string logicalName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Embedded SQL '{logicalName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
