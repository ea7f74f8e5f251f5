using Dapper;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>What a test reads straight from the hub's database: what the hub recorded, not what it answers.</summary>
public static class DatabaseCounts
{
    /// <summary>The number <paramref name="sql"/> (a <c>SELECT COUNT(*)</c>) finds.</summary>
    public static async Task<long> CountAsync(this HubDatabase database, string sql, object? parameters = null)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }
}
