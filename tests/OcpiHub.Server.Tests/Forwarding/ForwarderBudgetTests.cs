using System.Diagnostics;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Server.Tests.Forwarding.ForwarderTests;

namespace OcpiHub.Server.Tests.Forwarding;

/// <summary>A receiver that does not answer ends in the hub's own timeout within the forwarding budget.</summary>
[Collection(nameof(TimedTests))]
public class ForwarderBudgetTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_receiver_that_hangs_is_a_timeout_within_the_budget(StorageKind storage)
    {
        await using var network = await RoamingNetwork.StartAsync(storage, "--Hub:Forwarding:AuthorizationTimeoutSeconds=0.4");
        network.Emsp221.ModuleResponseDelay = TimeSpan.FromMinutes(5);
        var forwarder = network.Hub.Service<Forwarder>();

        var clock = Stopwatch.StartNew();
        var outcome = await forwarder.ForwardAsync(Authorize(E22), "c", CancellationToken.None);

        Assert.Equal((4002, false), (outcome.OcpiStatus, outcome.Answered));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(400 + 200));
        Assert.Contains("DE*E22", outcome.Message, StringComparison.Ordinal);
    }
}
