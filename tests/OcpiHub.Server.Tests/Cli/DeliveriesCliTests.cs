using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Cli;

/// <summary><c>ocpihub deliveries list</c> run as the real executable: the deliveries of a state, at most as many as asked for.</summary>
public sealed class DeliveriesCliTests
{
    [Fact]
    public async Task Deliveries_list_shows_the_delivered_ones_up_to_the_limit()
    {
        await using var net = await RoamingNetwork.StartChargingAsync(StorageKind.Sqlite);
        await net.Hub.QueueEmptyAsync("the set-up's deliveries sent");
        var done = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=done&limit=2")).AsArray().Select(d => d!["id"]!.ToString()).ToList();
        Assert.Equal(2, done.Count);

        var listed = await CliProcess.RunAsync(net.Hub, "deliveries", "list", "--status", "done", "--limit", "2");

        Assert.True(listed.ExitCode == 0, listed.Output + listed.Error);
        var rows = listed.Output.Split('\n').Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 0 && c[0].All(char.IsAsciiDigit)).ToList();
        Assert.Equal(done, rows.Select(c => c[0]));
        Assert.All(rows, c => Assert.Contains("DONE", c));
    }
}
