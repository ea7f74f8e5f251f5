using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace OcpiHub.Storage;

/// <summary>
/// One statement for many rows. Given a list, Dapper runs a command once per row (a round trip each); here
/// <c>{rows}</c> in the SQL becomes one tuple per row, the row template with each parameter numbered for its row,
/// as many rows a statement as suits the database (below). Parameters are read from the rows' properties
/// of the same names. The SQL is one of a caller's fixed texts: the statements made of it are kept by size.
/// </summary>
internal static partial class ManyRows
{
    // PostgreSQL takes at most 65,535 parameters a statement: one statement, one round trip, for most lists.
    private const int MaxParameters = 30_000;

    // Microsoft.Data.Sqlite looks each parameter of a statement up by name among all of the command's (quadratic in
    // a statement's parameters) and parses each new text: in process there is no round trip to save, so SQLite gets
    // small statements, one prepared command run again with each chunk's values.
    private const int MaxSqliteParameters = 100;

    public static async Task<int> ExecuteAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, string row, IReadOnlyList<T> rows)
        where T : notnull
    {
        if (rows.Count == 0)
            return 0;
        var (parts, names, properties, types) = Templates.GetOrAdd((rows[0].GetType(), row), TemplateOf);
        var limit = connection is SqliteConnection ? MaxSqliteParameters : MaxParameters;
        var perStatement = Math.Max(1, limit / Math.Max(1, names.Length));
        var changed = 0;
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || command.Parameters.Count != count * names.Length)
                {
                    if (command is not null)
                        await command.DisposeAsync();
                    command = Command(connection, transaction, sql, parts, names, types, count);
                }
                for (var r = 0; r < count; r++)
                    for (var n = 0; n < names.Length; n++)
                        command.Parameters[r * names.Length + n].Value = properties[n].GetValue(rows[start + r]) ?? DBNull.Value;
                changed += await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (command is not null)
                await command.DisposeAsync();
        }
        return changed;
    }

    /// <summary>A row template and how rows of one type fill it.</summary>
    private sealed record Template(string[] Parts, string[] Names, PropertyInfo[] Properties, DbType?[] Types);

    // Worked out once per template and row type. Holding the properties also keeps each one's reflection invoker: one
    // looked up again per statement, after the runtime's weakly held type cache was collected, had a new invoke stub
    // emitted and compiled, and its finaliser run, many times a second under load.
    private static readonly ConcurrentDictionary<(Type Type, string Row), Template> Templates = new();

    private static Template TemplateOf((Type Type, string Row) key)
    {
        // Split gives the text between parameters at even places and the parameter names at odd ones.
        var parts = Parameter().Split(key.Row);
        var names = parts.Where((_, i) => i % 2 == 1).Distinct().ToArray();
        var properties = names.Select(n => key.Type.GetProperty(n) ?? throw new ArgumentException($"rows have no property {n}", "rows")).ToArray();
        return new(parts, names, properties, [.. properties.Select(p => DbTypeOf(p.PropertyType))]);
    }

    /// <summary>A statement of <paramref name="count"/> rows, its parameters numbered for their row, values to be set.</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string[] parts, string[] names, DbType?[] types,
        int count)
    {
        var (text, parameterNames) = count <= MaxKeptRows
            ? Statements.GetOrAdd((sql, parts, count), static (key, names) => StatementOf(key.Sql, key.Parts, names, key.Count), names)
            : StatementOf(sql, parts, names, count);
        // Parameters are added straight to the command: Dapper looks each name up in those added before it,
        // which grows with the square of a statement's parameters.
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        for (var p = 0; p < parameterNames.Length; p++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterNames[p];
            if (types[p % names.Length] is { } dbType)
                parameter.DbType = dbType;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    // The text and parameter names of a statement of so many rows, made once: a batch of the message log or of a
    // push's deliveries is mostly one of a few small sizes, asked for many times a second. Larger statements (on
    // PostgreSQL, up to thousands of rows) are made each time, so the texts kept stay small and few.
    private const int MaxKeptRows = 100;

    private static readonly ConcurrentDictionary<(string Sql, string[] Parts, int Count), (string Text, string[] ParameterNames)> Statements = new();

    private static (string Text, string[] ParameterNames) StatementOf(string sql, string[] parts, string[] names, int count)
    {
        var tuples = new StringBuilder();
        for (var r = 0; r < count; r++)
        {
            if (r > 0)
                tuples.Append(", ");
            for (var i = 0; i < parts.Length; i++)
                tuples.Append(i % 2 == 0 ? parts[i] : Numbered(parts[i], r));
        }
        var parameterNames = Enumerable.Range(0, count).SelectMany(r => names.Select(name => Numbered(name, r))).ToArray();
        return (sql.Replace("{rows}", tuples.ToString(), StringComparison.Ordinal), parameterNames);
    }

    // The one naming of a row's parameter, in the text and on the command alike: a difference would leave it unbound.
    private static string Numbered(string name, int row) => $"@{name}_{row}";

    /// <summary>The type a parameter is sent as, so that a null is typed too (PostgreSQL infers nothing from a bare null in VALUES).</summary>
    private static DbType? DbTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(int) => DbType.Int32,
        _ => null,
    };

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}
