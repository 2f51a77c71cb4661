using MemoryCore.Model;
using MemoryCore.Storage.Sqlite.Graph;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The graph's hooks into the SQLite store: graph erase with the memories (delete_all) and on reset.</summary>
internal sealed partial class SqliteMemoryStore
{
    private const string GraphResetSql = SqliteGraphErase.ResetSql;

    private static Task DeleteScopeGraphAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, CancellationToken cancellationToken) =>
        SqliteGraphErase.DeleteScopeAsync(connection, transaction, scope, cancellationToken);
}
