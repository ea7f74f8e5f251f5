using Spectre.Console;
using Spectre.Console.Rendering;

namespace OcpiHub.Server.Cli;

/// <summary>
/// Rows as a table: a header line, a rule of dashes, the rows, columns two spaces apart. The one table of every CLI
/// command, printed or in a live display (Spectre.Console).
/// </summary>
public static class Table
{
    public static Spectre.Console.Table Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Spectre.Console.Table { Border = PlainBorder.Instance };
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = true, Padding = new Padding(0, 0, 0, 0) });
        foreach (var row in rows)
            table.AddRow(row.Select(cell => new Text(cell ?? "")));
        return table;
    }

    public static void Write(IAnsiConsole console, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = Of(headers, rows);
        console.Write(table);
        if (table.Rows.Count == 0)
            console.WriteLine("(none)");
    }

    // Plain characters only, so output read by scripts or tests is the same on a terminal and in a file.
    private sealed class PlainBorder : TableBorder
    {
        public static readonly PlainBorder Instance = new();

        public override string GetPart(TableBorderPart part) => part switch
        {
            TableBorderPart.HeaderBottom => "-",
            TableBorderPart.HeaderSeparator or TableBorderPart.HeaderBottomSeparator or TableBorderPart.CellSeparator => "  ",
            _ => "",
        };
    }
}
