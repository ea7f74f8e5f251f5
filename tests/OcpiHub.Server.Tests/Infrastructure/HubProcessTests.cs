using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// The hub process's start is not fooled by another listener: its port is chosen before the process binds it, and
/// something outside the test run may take it in between. Listeners of the run itself bind port 0, and the system
/// never gives them a hub's port, which lies below its ephemeral range: a hub killed and restarted finds its port free.
/// </summary>
public class HubProcessTests
{
    [Fact]
    public async Task A_first_start_whose_port_another_listener_took_starts_on_another_port()
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);
        var chosen = new Uri(hub.BaseUrl).Port;
        using var squatter = new TcpListener(IPAddress.Loopback, chosen);
        squatter.Start();

        await hub.StartAsync();

        Assert.NotEqual(chosen, new Uri(hub.BaseUrl).Port);
        using var http = new HttpClient();
        var health = await http.GetStringAsync($"{hub.BaseUrl}/health");
        Assert.Contains($"\"{hub.NodeId}\"", health, StringComparison.Ordinal);
    }

    [Fact]
    public void Hub_ports_lie_below_the_range_listeners_on_port_0_are_given_and_are_never_handed_out_twice()
    {
        var given = Enumerable.Range(0, 50).Select(_ =>
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }).ToList();
        var hubPorts = Enumerable.Range(0, 50).Select(_ => HubPorts.Next()).ToList();

        Assert.True(hubPorts.Max() < given.Min(), $"hub ports up to {hubPorts.Max()}, listeners on port 0 from {given.Min()}");
        Assert.Equal(hubPorts.Count, hubPorts.Distinct().Count());
    }
}
