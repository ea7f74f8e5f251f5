using System.Data.Common;
using Dapper;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL table of the hub's locked against every access (even reads) until disposed, as a long migration or an
/// operator's maintenance would: the hub's reads of it wait, as a slow storage read does.
/// </summary>
public sealed class HeldTable : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;

    private HeldTable(DbConnection connection, DbTransaction transaction) => (this.connection, this.transaction) = (connection, transaction);

    public static async Task<HeldTable> HoldAsync(HubUnderTest hub, string table)
    {
        var database = hub.Service<HubDatabase>();
        Assert.Equal(DatabaseKind.PostgreSql, database.Kind);
        var connection = await database.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", transaction: transaction);
        return new HeldTable(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
