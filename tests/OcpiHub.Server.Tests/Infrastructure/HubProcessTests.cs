using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// The hub process's start is not fooled by another listener: its port is chosen before the process binds it, and a
/// simulated partner listening on port 0 may be given that port in between.
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
}
