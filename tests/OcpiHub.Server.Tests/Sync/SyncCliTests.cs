using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// The <c>ocpihub sync</c> commands run as the real executable against a hub and a simulated CPO, output not a
/// terminal: <c>start --wait</c> follows the runs in plain lines and exits non-zero when one failed; <c>list</c> and
/// <c>show</c> print tables.
/// </summary>
public sealed class SyncCliTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Sync_start_waits_for_the_runs_and_fails_when_one_failed_and_list_and_show_print_them(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var cpo = await net.PlatformIdAsync("C22");
        var locations = SyncData.C22Locations(net, 700);

        var succeeded = await CliProcess.RunAsync(net.Hub, "sync", "start", "--platform", cpo, "--module", "locations", "--full", "--wait");

        Assert.True(succeeded.ExitCode == 0, succeeded.Output + succeeded.Error);
        Assert.DoesNotContain('\u001b', succeeded.Output);
        var lines = Lines(succeeded.Output);
        Assert.Contains("locations SUCCEEDED pages=2 objects=700 changed=700 invalid=0", lines);
        Assert.Contains(lines, l => Cells(l).SequenceEqual(["locations", "SUCCEEDED", "2", "700", "700", "0"]));

        locations.FailAlways = true;
        var failed = await CliProcess.RunAsync(net.Hub, "sync", "start", "--platform", cpo, "--module", "locations", "--wait");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains(Lines(failed.Output), l => l.StartsWith("locations FAILED pages=0 objects=0 changed=0 invalid=0 error: ", StringComparison.Ordinal)
            && l.Contains("HTTP 500", StringComparison.Ordinal));

        var runs = (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs?platform_id={cpo}")).AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        var listed = await CliProcess.RunAsync(net.Hub, "sync", "list", "--platform", cpo);
        Assert.Equal(0, listed.ExitCode);
        var rows = Lines(listed.Output).Where(l => runs.Any(l.StartsWith)).Select(Cells).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([runs[0], cpo, "locations", "DELTA", "MANUAL", "FAILED"], rows[0].Take(6));
        Assert.Equal([runs[1], cpo, "locations", "FULL", "MANUAL", "SUCCEEDED"], rows[1].Take(6));

        var shown = await CliProcess.RunAsync(net.Hub, "sync", "show", runs[1]);
        Assert.Equal(0, shown.ExitCode);
        var row = Cells(Lines(shown.Output).Single(l => l.StartsWith(runs[1], StringComparison.Ordinal)));
        Assert.Equal(["SUCCEEDED", "-"], row.Skip(5).Take(2));
        Assert.Equal(["2", "700", "700", "0", "0"], row.Skip(8).Take(5));
        Assert.Contains("(none)", Lines(shown.Output));

        var unknown = await CliProcess.RunAsync(net.Hub, "sync", "show", "no-such-run");
        Assert.Equal((1, true), (unknown.ExitCode, unknown.Error.Contains("no sync run no-such-run", StringComparison.Ordinal)));

        var ended = await CliProcess.RunAsync(net.Hub, "sync", "cancel", runs[1]);
        Assert.Equal((1, true), (ended.ExitCode, ended.Error.Contains("already ended", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Sync_cancel_stops_a_running_run(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var cpo = await net.PlatformIdAsync("C22");
        SyncData.C22Locations(net, 700).HangFrom = 500;
        var run = (await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs", new { platform_id = cpo, kind = "FULL", modules = new[] { "locations" } }, 202))[0]!;
        var id = run["id"]!.GetValue<string>();
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{id}"), r => r["pages"]!.GetValue<int>() == 1, "the first page recorded");

        var cancelled = await CliProcess.RunAsync(net.Hub, "sync", "cancel", id);

        Assert.True(cancelled.ExitCode == 0, cancelled.Output + cancelled.Error);
        Assert.Contains(Lines(cancelled.Output), l => l.StartsWith(id, StringComparison.Ordinal));
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{id}"), r => r["status"]!.GetValue<string>() == "CANCELLED", "the run cancelled");
    }

    private static List<string> Lines(string output) => output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
