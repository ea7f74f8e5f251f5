using System.Text.Json.Nodes;
using Spectre.Console;
using static OcpiHub.Server.Cli.ManagementCommands;

namespace OcpiHub.Server.Cli;

/// <summary>
/// Follows sync runs until they end: on a terminal a live table (pages, objects, changed, invalid per module)
/// redrawn in place; elsewhere one plain line each time a run's progress changes, then the same table once.
/// </summary>
public static class SyncProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>The runs as they ended.</summary>
    public static async Task<IReadOnlyList<JsonNode>> FollowAsync(AdminApiClient client, IAnsiConsole output, IReadOnlyList<JsonNode> started)
    {
        var runs = started;
        if (CliConsole.IsLive(output))
        {
            await output.Live(Progress(runs)).StartAsync(async live =>
            {
                while (runs.Any(InProgress))
                {
                    await Task.Delay(Poll);
                    runs = await RefreshAsync(client, runs);
                    live.UpdateTarget(Progress(runs));
                }
            });
            return runs;
        }

        var printed = new Dictionary<string, string>();
        for (var first = true; first || runs.Any(InProgress); first = false)
        {
            if (!first)
            {
                await Task.Delay(Poll);
                runs = await RefreshAsync(client, runs);
            }
            foreach (var run in runs)
            {
                var line = Line(run);
                if (printed.GetValueOrDefault(Text(run["id"])!) != line)
                    output.WriteLine(line);
                printed[Text(run["id"])!] = line;
            }
        }
        output.Write(Progress(runs));
        return runs;
    }

    private static bool InProgress(JsonNode run) => Text(run["status"]) is "QUEUED" or "RUNNING";

    private static async Task<IReadOnlyList<JsonNode>> RefreshAsync(AdminApiClient client, IReadOnlyList<JsonNode> runs)
    {
        var refreshed = new List<JsonNode>();
        foreach (var run in runs)
            refreshed.Add(InProgress(run) ? (await client.CallAsync(HttpMethod.Get, $"admin/syncs/{Text(run["id"])}"))! : run);
        return refreshed;
    }

    private static readonly string[] Counters = ["pages", "objects", "changed", "invalid"];

    private static string Line(JsonNode run) =>
        $"{Text(run["module"])} {Text(run["status"])} {string.Join(' ', Counters.Select(c => $"{c}={Text(run[c])}"))}"
        + (Text(run["error"]) is { } error ? $" error: {error}" : "");

    private static Spectre.Console.Table Progress(IReadOnlyList<JsonNode> runs) => Table.Of(["module", "status", .. Counters, "error"],
        runs.Select(r => (IReadOnlyList<string?>)[Text(r["module"]), Text(r["status"]), .. Counters.Select(c => Text(r[c])), Text(r["error"]) ?? ""]));
}
