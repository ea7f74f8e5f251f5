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

    /// <summary>The rows of one statement: <c>{rows}</c> in <paramref name="Sql"/> becomes <paramref name="Row"/> once per row.</summary>
    public sealed record Statement(string Sql, string Row, IReadOnlyList<object> Rows);

    /// <summary>
    /// Several statements' rows, in order. PostgreSQL is sent them together, one round trip for all (a batch of
    /// commands); SQLite, in process, runs them one after the other, a row at a time.
    /// </summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, params IEnumerable<Statement> statements)
    {
        if (connection is SqliteConnection)
        {
            var changed = 0;
            foreach (var statement in statements)
                changed += await ExecuteRowByRowAsync(connection, transaction, statement);
            return changed;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements.Where(s => s.Rows.Count > 0))
        {
            var template = TemplateOf(statement);
            var perStatement = RowsPerStatement(template, MaxParameters);
            for (var start = 0; start < statement.Rows.Count; start += perStatement)
            {
                var command = batch.CreateBatchCommand();
                var count = Math.Min(perStatement, statement.Rows.Count - start);
                command.CommandText = Prepare(statement.Sql, template, count, command.CreateParameter, command.Parameters);
                Fill(command.Parameters, template, statement.Rows, start, count);
                batch.BatchCommands.Add(command);
            }
        }
        return batch.BatchCommands.Count == 0 ? 0 : await batch.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// SQLite: one prepared command of one row, run again with each row's values. In process, a statement of many rows
    /// saves no round trip, and costs the square of its parameters to bind: Microsoft.Data.Sqlite looks each one up by
    /// name, and SQLite searches its list of the statement's names from the start each time.
    /// </summary>
    private static async Task<int> ExecuteRowByRowAsync(DbConnection connection, DbTransaction? transaction, Statement statement)
    {
        if (statement.Rows.Count == 0)
            return 0;
        var template = TemplateOf(statement);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Prepare(statement.Sql, template, 1, command.CreateParameter, command.Parameters);
        var changed = 0;
        for (var row = 0; row < statement.Rows.Count; row++)
        {
            Fill(command.Parameters, template, statement.Rows, row, 1);
            changed += await command.ExecuteNonQueryAsync();
        }
        return changed;
    }

    private static int RowsPerStatement(Template template, int maxParameters) => Math.Max(1, maxParameters / Math.Max(1, template.Names.Length));

    private static void Fill(DbParameterCollection parameters, Template template, IReadOnlyList<object> rows, int start, int count)
    {
        var names = template.Names.Length;
        for (var r = 0; r < count; r++)
            for (var n = 0; n < names; n++)
                parameters[r * names + n].Value = template.Properties[n].GetValue(rows[start + r]) ?? DBNull.Value;
    }

    /// <summary>A row template and how rows of one type fill it.</summary>
    private sealed record Template(string[] Parts, string[] Names, PropertyInfo[] Properties, DbType?[] Types);

    // Worked out once per template and row type. Holding the properties also keeps each one's reflection invoker: one
    // looked up again per statement, after the runtime's weakly held type cache was collected, had a new invoke stub
    // emitted and compiled, and its finaliser run, many times a second under load.
    private static readonly ConcurrentDictionary<(Type Type, string Row), Template> Templates = new();

    private static Template TemplateOf(Statement statement) => Templates.GetOrAdd((statement.Rows[0].GetType(), statement.Row), TemplateOf);

    private static Template TemplateOf((Type Type, string Row) key)
    {
        // Split gives the text between parameters at even places and the parameter names at odd ones.
        var parts = Parameter().Split(key.Row);
        var names = parts.Where((_, i) => i % 2 == 1).Distinct().ToArray();
        var properties = names.Select(n => key.Type.GetProperty(n) ?? throw new ArgumentException($"rows have no property {n}", "rows")).ToArray();
        return new(parts, names, properties, [.. properties.Select(p => DbTypeOf(p.PropertyType))]);
    }

    /// <summary>
    /// The text of a statement of <paramref name="count"/> rows; its parameters, numbered for their row, are added to
    /// <paramref name="parameters"/> with their values still to be set.
    /// </summary>
    private static string Prepare(string sql, Template template, int count, Func<DbParameter> createParameter, DbParameterCollection parameters)
    {
        var (text, parameterNames) = count <= MaxKeptRows
            ? KeptTexts.GetOrAdd((sql, template.Parts, count), static (key, names) => StatementOf(key.Sql, key.Parts, names, key.Count), template.Names)
            : StatementOf(sql, template.Parts, template.Names, count);
        // Parameters are added straight to the command: Dapper looks each name up in those added before it,
        // which grows with the square of a statement's parameters.
        for (var p = 0; p < parameterNames.Length; p++)
        {
            var parameter = createParameter();
            parameter.ParameterName = parameterNames[p];
            if (template.Types[p % template.Names.Length] is { } dbType)
                parameter.DbType = dbType;
            parameters.Add(parameter);
        }
        return text;
    }

    // The text and parameter names of a statement of so many rows, made once: a batch of the message log or of a
    // push's deliveries is mostly one of a few small sizes, asked for many times a second. Larger statements (on
    // PostgreSQL, up to thousands of rows) are made each time, so the texts kept stay small and few.
    private const int MaxKeptRows = 100;

    private static readonly ConcurrentDictionary<(string Sql, string[] Parts, int Count), (string Text, string[] ParameterNames)> KeptTexts = new();

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
