using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// The correlation id a partner sends is on the log lines of its request and of the deliveries it causes, as a log
/// scope: an operator finds everything one exchange logged by the id the partner quotes.
/// </summary>
public class CorrelationInLogsTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_lines_of_a_push_and_of_its_deliveries_carry_its_correlation_id(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            "--Logging:LogLevel:System=Information", "--Logging:LogLevel:OcpiHub.Server.Deliveries=Debug");
        const string correlationId = "corr-in-logs-7";
        const string path = "locations/NL/C22/LOGGED1";

        using var pushed = await net.SendAsync(net.Cpo221, HttpMethod.Put, "receiver/" + path, LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOGGED1"),
            (HubTracing.CorrelationIdHeader, correlationId));
        Assert.Equal(1000, (await Partners.EnvelopeAsync(pushed))["status_code"]!.GetValue<int>());
        await RoamingNetwork.ReceivedAsync(net.Emsp221, "locations", 1);
        await RoamingNetwork.ReceivedAsync(net.Emsp230, "locations", 1);

        // The deliveries' attempts to the eMSPs: debug lines of the delivery lanes naming the object, written once the receiver answered.
        static bool IsDeliveryLine(string l) => l.Contains(" OcpiHub.Server.Deliveries.", StringComparison.Ordinal) && l.Contains("/LOGGED1:", StringComparison.Ordinal)
            && !l.Contains("RequestPath=", StringComparison.Ordinal);
        var lines = await Eventually.UntilAsync(() => net.Hub.Logs.Lines.ToList(), all => all.Count(IsDeliveryLine) >= 2,
            "a debug line of each of the two deliveries of LOGGED1");
        // The request's own lines (ASP.NET Core's scope names its path); the host's "request starting/finished" come before and after any middleware.
        var request = lines.Where(l => l.Contains($"RequestPath=/ocpi/2.2.1/receiver/{path}", StringComparison.Ordinal)
            && !l.Contains(" Microsoft.AspNetCore.Hosting.Diagnostics:", StringComparison.Ordinal)).ToList();
        var deliveries = lines.Where(IsDeliveryLine).ToList();

        Assert.True(request.Count > 0, string.Join("\n", lines.Where(l => l.Contains(path, StringComparison.Ordinal)).Take(20)));
        var without = request.Concat(deliveries).Where(l => !l.Contains($"CorrelationId={correlationId}", StringComparison.Ordinal)).ToList();
        Assert.True(without.Count == 0, $"{without.Count} lines without the correlation id:\n" + string.Join("\n", without.Take(5)));
    }
}
