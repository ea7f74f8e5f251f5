using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace OcpiHub.Storage;

/// <summary>
/// One statement for many rows. Given a list, Dapper runs a command once per row (a round trip each); here the SQL
/// says <c>VALUES {rows}</c> and a row template which parameters a row has (read from the rows' properties of the same
/// names), and each database is given the rows the way it takes them best (below). The SQL is one of a caller's fixed
/// texts: the statements made of it are made once.
/// </summary>
internal static partial class ManyRows
{
    private const string RowsMarker = "VALUES {rows}";

    /// <summary>The rows of one statement: <c>VALUES {rows}</c> in <paramref name="Sql"/> stands for the rows, each like <paramref name="Row"/>.</summary>
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
            var command = batch.CreateBatchCommand();
            command.CommandText = template.ColumnsText;
            for (var n = 0; n < template.Names.Length; n++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@{template.Names[n]}";
                parameter.Value = Column(template.Properties[n], statement.Rows);
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
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
        command.CommandText = template.OneRowText;
        foreach (var name in template.Names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@{name}";
            command.Parameters.Add(parameter);
        }
        var changed = 0;
        foreach (var row in statement.Rows)
        {
            for (var n = 0; n < template.Names.Length; n++)
                command.Parameters[n].Value = template.Properties[n].GetValue(row) ?? DBNull.Value;
            changed += await command.ExecuteNonQueryAsync();
        }
        return changed;
    }

    /// <summary>One parameter's values for all the rows, as an array of its type (PostgreSQL: <c>text[]</c>, <c>bigint[]</c>, nulls kept).</summary>
    private static Array Column(PropertyInfo property, IReadOnlyList<object> rows)
    {
        var values = Array.CreateInstance(property.PropertyType, rows.Count);
        for (var r = 0; r < rows.Count; r++)
            values.SetValue(property.GetValue(rows[r]), r);
        return values;
    }

    /// <summary>
    /// A statement worked out for one row type: its parameters' names and properties, the statement of one row (SQLite), and
    /// the statement of any number of rows given as one array a parameter (PostgreSQL): <c>VALUES {rows}</c> becomes
    /// <c>SELECT</c> of the row's expressions <c>FROM unnest(@a, @b, …)</c>, so the text is one whatever the rows and is
    /// parsed once, where a tuple of parameters a row made a new text, and thousands of parameters, for each size of list.
    /// </summary>
    private sealed record Template(string[] Names, PropertyInfo[] Properties, string OneRowText, string ColumnsText);

    // Worked out once per statement and row type. Holding the properties also keeps each one's reflection invoker: one
    // looked up again per statement, after the runtime's weakly held type cache was collected, had a new invoke stub
    // emitted and compiled, and its finaliser run, many times a second under load.
    private static readonly ConcurrentDictionary<(Type Type, string Sql, string Row), Template> Templates = new();

    private static Template TemplateOf(Statement statement) =>
        Templates.GetOrAdd((statement.Rows[0].GetType(), statement.Sql, statement.Row), TemplateOf);

    private static Template TemplateOf((Type Type, string Sql, string Row) key)
    {
        if (!key.Sql.Contains(RowsMarker, StringComparison.Ordinal) || !key.Row.StartsWith('(') || !key.Row.EndsWith(')'))
            throw new ArgumentException($"a statement of many rows says {RowsMarker} once and gives its row as a tuple: {key.Sql} / {key.Row}");
        var names = Parameter().Matches(key.Row).Select(m => m.Groups[1].Value).Distinct().ToArray();
        var properties = names.Select(n => key.Type.GetProperty(n) ?? throw new ArgumentException($"rows have no property {n}", "rows")).ToArray();
        // Quoted: a parameter may be named as a keyword (time).
        var expressions = Parameter().Replace(key.Row[1..^1], m => $"r.\"{m.Groups[1].Value}\"");
        var unnest = new StringBuilder($"SELECT {expressions} FROM unnest(")
            .AppendJoin(", ", names.Select(n => $"@{n}")).Append(") AS r(").AppendJoin(", ", names.Select(n => $"\"{n}\"")).Append(')');
        return new(names, properties,
            key.Sql.Replace(RowsMarker, $"VALUES {key.Row}", StringComparison.Ordinal),
            key.Sql.Replace(RowsMarker, unnest.ToString(), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}
