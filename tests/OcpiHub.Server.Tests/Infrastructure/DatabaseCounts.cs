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

    /// <summary>
    /// The plan the database gives <paramref name="sql"/>, as text naming the indexes it reads. On PostgreSQL with
    /// sequential scans off: a test's few rows would rightly be read whole, and the plan would name no index.
    /// </summary>
    public static async Task<string> PlanAsync(this HubDatabase database, string sql, object parameters)
    {
        await using var connection = await database.OpenAsync();
        var sqlite = database.Kind == DatabaseKind.Sqlite;
        if (!sqlite)
            await connection.ExecuteAsync("SET enable_seqscan = off");
        return string.Join("\n", (await connection.QueryAsync((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, parameters))
            .Select(row => ((IDictionary<string, object>)row).Values.Last()?.ToString()));
    }
}
