using System.Text.Json.Nodes;
using System.CommandLine;
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

    public static Command Of(CliSession session)
    {
        var output = session.Output;
        var platform = ManagementCommands.Required("--platform", "the platform to pull", "ID");
        var module = new Option<string>("--module") { Description = "only this module (else every module the platform sends)", HelpName = "M" };
        module.AcceptOnlyFromAmong("locations", "tariffs", "sessions", "cdrs", "tokens");
        var full = new Option<bool>("--full") { Description = "a full run (else a delta run; a module never pulled is pulled in full)" };
        var wait = new Option<bool>("--wait")
        {
            Description = "follow the runs until they end (pages, objects, changed, invalid per module; live on a terminal, plain lines "
                + "otherwise) and exit 1 unless all succeeded",
        };
        var listed = new Option<string>("--platform") { Description = "the runs of this platform", HelpName = "ID" };
        var id = new Argument<string>("id") { Description = "the run's id" };
        return new Command("sync", "pull platforms now and look at the runs")
        {
            session.Calling("start", "pull a platform now", [platform, module, full, wait], async (parse, client) =>
            {
                var started = Runs(await client.CallAsync(HttpMethod.Post, "admin/syncs", new
                {
                    platform_id = parse.GetValue(platform),
                    kind = parse.GetValue(full) ? "FULL" : "DELTA",
                    modules = parse.GetValue(module) is { } one ? new[] { one } : null,
                }));
                if (!parse.GetValue(wait))
                {
                    WriteRuns(output, started);
                    return 0;
                }
                var ended = await SyncProgress.FollowAsync(client, output, started);
                return ended.All(run => Text(run["status"]) == "SUCCEEDED") ? 0 : 1;
            }),
            session.Calling("list", "the sync runs, newest first", [listed], async (parse, client) =>
            {
                var query = parse.GetValue(listed) is { } one ? $"?platform_id={Uri.EscapeDataString(one)}" : "";
                WriteRuns(output, Runs(await client.CallAsync(HttpMethod.Get, "admin/syncs" + query)));
            }),
            session.Calling("show", "one run with the objects it skipped and why", [id], async (parse, client) =>
            {
                var shown = (await client.CallAsync(HttpMethod.Get, $"admin/syncs/{AdminApiClient.Segment(parse.GetValue(id)!)}"))!;
                WriteRuns(output, [shown]);
                output.WriteLine($"correlation id: {Text(shown["correlation_id"])}, started {Text(shown["started_at"]) ?? "-"}, finished {Text(shown["finished_at"]) ?? "-"}");
                Table.Write(output, ["object id", "problem"],
                    shown["problems"]!.AsArray().Select(p => (IReadOnlyList<string?>)[Text(p!["object_id"]) ?? "-", Text(p["problem"])]));
            }),
            session.Calling("cancel", "stop a queued or running run (a running one ends CANCELLED with the pages it stored)", [id], async (parse, client) =>
                WriteRuns(output, [(await client.CallAsync(HttpMethod.Post, $"admin/syncs/{AdminApiClient.Segment(parse.GetValue(id)!)}/cancel"))!])),
        };
    }

    private static List<JsonNode> Runs(JsonNode? answer) => answer!.AsArray().Select(r => r!).ToList();

    private static void WriteRuns(IAnsiConsole output, IReadOnlyList<JsonNode> runs) => Table.Write(output, RunHeaders, runs.Select(r => (IReadOnlyList<string?>)
    [
        Text(r["id"]), Text(r["platform_id"]), Text(r["module"]), Text(r["kind"]), Text(r["trigger"]), Text(r["status"]),
        Text(r["date_from"]) ?? "-", Text(r["date_to"]), Text(r["pages"]), Text(r["objects"]), Text(r["changed"]), Text(r["unchanged"]),
        Text(r["invalid"]), Text(r["error"]) ?? "",
    ]));
}
