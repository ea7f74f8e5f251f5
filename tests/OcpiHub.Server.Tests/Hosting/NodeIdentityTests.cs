using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>Each hub node has a name of its own (<c>Hub:NodeId</c>): its leases and log lines carry it.</summary>
public class NodeIdentityTests
{
    [Fact]
    public async Task A_configured_node_id_is_the_nodes_name()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite, "--Hub:NodeId=hub-a");

        Assert.Equal("hub-a", hub.Service<HubNode>().Id);
    }

    [Fact]
    public void Without_a_configured_id_a_node_is_named_by_its_host_and_process()
    {
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", new HubNode("").Id);
    }

    [Fact]
    public async Task A_node_id_that_cannot_be_stored_on_a_lease_stops_the_start_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => HubUnderTest.StartAsync(StorageKind.Sqlite, $"--Hub:NodeId={new string('n', 101)}"));

        Assert.Contains("Hub:NodeId", refused.Message, StringComparison.Ordinal);
    }
}
