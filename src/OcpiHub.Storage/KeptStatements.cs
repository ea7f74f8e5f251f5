using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OcpiHub.Storage;

/// <summary>
/// Reads the hub runs many times a second, compiled once for each connection rather than at each run. Microsoft.Data.Sqlite
/// keeps a compiled statement only as long as the command that compiled it, and Dapper makes a command for each call
/// (dotnet/efcore#14044), so SQLite compiled the delivery worker's listing of its lanes at each of up to hundreds of
/// claims a second (docs/benchmarks.md). On SQLite a statement is kept with the handle of the pooled connection that
/// compiled it, as long as that handle lives; on PostgreSQL Npgsql keeps the statements used most prepared already.
/// </summary>
internal static class KeptStatements
{
    private static readonly ConditionalWeakTable<sqlite3, Dictionary<string, sqlite3_stmt>> Compiled = new();

    /// <summary>
    /// The rows <paramref name="sql"/> reads, each its columns' values (null for SQL's null); the properties of
    /// <paramref name="values"/> give its parameters by name, as Dapper's do (those it does not name are left out).
    /// </summary>
    public static async Task<List<object?[]>> ReadKeptAsync(this DbConnection connection, string sql, object? values = null)
    {
        if (connection is not SqliteConnection sqlite)
            return [.. (await connection.QueryAsync(sql, values)).Select(row => ((IDictionary<string, object?>)row).Values.ToArray())];
        var parameters = values?.GetType().GetProperties().Select(p => ("@" + p.Name, p.GetValue(values))).ToArray() ?? [];
        return Query(sqlite.Handle!, sql, parameters);
    }

    /// <summary>
    /// Runs the statement kept for <paramref name="sql"/> on <paramref name="handle"/>, compiling it the first time. A
    /// pooled handle serves one connection at a time, so its statements run one at a time; each is reset after its run,
    /// so it holds no read of the database between runs.
    /// </summary>
    private static List<object?[]> Query(sqlite3 handle, string sql, (string Name, object? Value)[] parameters)
    {
        var statements = Compiled.GetOrCreateValue(handle);
        if (!statements.TryGetValue(sql, out var statement))
        {
            Check(raw.sqlite3_prepare_v3(handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement), handle);
            statements[sql] = statement;
        }
        try
        {
            foreach (var (name, value) in parameters)
            {
                if (raw.sqlite3_bind_parameter_index(statement, name) is var index and > 0)
                    Bind(statement, index, value, handle);
            }
            var rows = new List<object?[]>();
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                rows.Add([.. Enumerable.Range(0, raw.sqlite3_column_count(statement)).Select(i => Column(statement, i))]);
            if (step != raw.SQLITE_DONE)
                Check(step, handle);
            return rows;
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private static void Bind(sqlite3_stmt statement, int index, object? value, sqlite3 handle) => Check(value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        int or long => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"a kept statement takes text and whole numbers, not {value.GetType().Name}", nameof(value)),
    }, handle);

    private static object? Column(sqlite3_stmt statement, int i) => raw.sqlite3_column_type(statement, i) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, i),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, i).ToArray(),
        _ => raw.sqlite3_column_text(statement, i).utf8_to_string(),
    };

    private static void Check(int result, sqlite3 handle)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, handle);
    }
}
