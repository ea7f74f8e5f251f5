using System.Text.Json.Nodes;
using Spectre.Console;
using static OcpiHub.Server.Cli.ManagementCommands;

namespace OcpiHub.Server.Cli;

/// <summary>
/// <c>sync start</c> (with <c>--wait</c>: progress until the runs end, exit code 1 unless all succeeded),
/// <c>sync list</c> and <c>sync show</c>.
/// </summary>
public static class SyncCommands
{
    private static readonly string[] RunHeaders =
        ["id", "platform", "module", "kind", "trigger", "status", "date_from", "date_to", "pages", "objects", "changed", "unchanged", "invalid", "error"];

    public static async Task<int> RunAsync(CliArguments cli, AdminApiClient client, IAnsiConsole output)
    {
        switch (cli.Word(1))
        {
            case "start":
                var started = Runs(await client.CallAsync(HttpMethod.Post, "admin/syncs", new
                {
                    platform_id = Required(cli, "platform"),
                    kind = cli.Has("full") ? "FULL" : "DELTA",
                    modules = cli["module"] is { } module ? new[] { module } : null,
                }));
                if (!cli.Has("wait"))
                {
                    WriteRuns(output, started);
                    return 0;
                }
                var ended = await SyncProgress.FollowAsync(client, output, started);
                return ended.All(run => Text(run["status"]) == "SUCCEEDED") ? 0 : 1;
            case "list":
                var query = cli["platform"] is { } platform ? $"?platform_id={Uri.EscapeDataString(platform)}" : "";
                WriteRuns(output, Runs(await client.CallAsync(HttpMethod.Get, "admin/syncs" + query)));
                return 0;
            case "show":
                var shown = (await client.CallAsync(HttpMethod.Get, $"admin/syncs/{Uri.EscapeDataString(Id(cli))}"))!;
                WriteRuns(output, [shown]);
                output.WriteLine($"correlation id: {Text(shown["correlation_id"])}, started {Text(shown["started_at"]) ?? "-"}, finished {Text(shown["finished_at"]) ?? "-"}");
                Table.Write(output, ["object id", "problem"],
                    shown["problems"]!.AsArray().Select(p => (IReadOnlyList<string?>)[Text(p!["object_id"]) ?? "-", Text(p["problem"])]));
                return 0;
            default:
                throw Unknown(cli);
        }
    }

    private static List<JsonNode> Runs(JsonNode? answer) => answer!.AsArray().Select(r => r!).ToList();

    private static void WriteRuns(IAnsiConsole output, IReadOnlyList<JsonNode> runs) => Table.Write(output, RunHeaders, runs.Select(r => (IReadOnlyList<string?>)
    [
        Text(r["id"]), Text(r["platform_id"]), Text(r["module"]), Text(r["kind"]), Text(r["trigger"]), Text(r["status"]),
        Text(r["date_from"]) ?? "-", Text(r["date_to"]), Text(r["pages"]), Text(r["objects"]), Text(r["changed"]), Text(r["unchanged"]),
        Text(r["invalid"]), Text(r["error"]) ?? "",
    ]));
}
