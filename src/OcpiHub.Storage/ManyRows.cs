using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;

namespace OcpiHub.Storage;

/// <summary>
/// One statement for many rows. Given a list, Dapper runs a command once per row (a round trip each); here
/// <c>{rows}</c> in the SQL becomes one tuple per row, the row template with each parameter numbered for its row,
/// as many rows a statement as both databases' parameter limits allow. Parameters are read from the rows' properties
/// of the same names.
/// </summary>
internal static partial class ManyRows
{
    // SQLite takes at most 32,766 parameters a statement, PostgreSQL 65,535.
    private const int MaxParameters = 30_000;

    public static async Task<int> ExecuteAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, string row, IReadOnlyList<T> rows)
        where T : notnull
    {
        if (rows.Count == 0)
            return 0;
        // Split gives the text between parameters at even places and the parameter names at odd ones.
        var parts = Parameter().Split(row);
        var names = parts.Where((_, i) => i % 2 == 1).Distinct().ToArray();
        var type = rows[0].GetType();
        var properties = names.Select(n => type.GetProperty(n) ?? throw new ArgumentException($"rows have no property {n}", nameof(rows))).ToArray();
        var types = properties.Select(p => DbTypeOf(p.PropertyType)).ToArray();
        var perStatement = Math.Max(1, MaxParameters / Math.Max(1, names.Length));
        var changed = 0;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            // Parameters are added straight to the command: Dapper looks each name up in those added before it,
            // which grows with the square of a statement's parameters.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var tuples = new StringBuilder();
            for (var r = start; r < Math.Min(rows.Count, start + perStatement); r++)
            {
                if (r > start)
                    tuples.Append(", ");
                for (var i = 0; i < parts.Length; i++)
                    tuples.Append(i % 2 == 0 ? parts[i] : $"@{parts[i]}_{r - start}");
                for (var n = 0; n < names.Length; n++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@{names[n]}_{r - start}";
                    parameter.Value = properties[n].GetValue(rows[r]) ?? DBNull.Value;
                    if (types[n] is { } dbType)
                        parameter.DbType = dbType;
                    command.Parameters.Add(parameter);
                }
            }
            command.CommandText = sql.Replace("{rows}", tuples.ToString(), StringComparison.Ordinal);
            changed += await command.ExecuteNonQueryAsync();
        }
        return changed;
    }

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
