using System.Net;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Data;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// PostgreSQL ending the hub's sessions (an operator, a failover) while the hub holds them pooled: a push that
/// meets such a session is a passing unavailability the partner retries (503), never a fault of the hub. Whether a
/// push meets an ended session or the pool notices first is a race: ten rounds meet one most of the time. A push that
/// met a live session leaves the dead ones idle in the pool, so any later push may meet one: each is retried as a
/// partner would.
/// </summary>
public class EndedSessionTests
{
    [Fact]
    public async Task A_push_on_a_session_the_database_ended_is_refused_for_a_retry_not_a_fault()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.PostgreSql);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var path = $"receiver/locations/NL/C22/END{i}";
            var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", $"END{i}");
            await PushKeptAsync(net, path, location);
            await DatabaseOutage.EndSessionsAsync(net.Hub);
            // Ending a session is asynchronous: the pool then holds sessions that are gone.
            await Task.Delay(200);
            using var answer = await net.SendAsync(net.Cpo221, HttpMethod.Put, path, location);
            statuses.Add(answer.StatusCode);
            // Refused, the partner's retry is kept.
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
                await PushKeptAsync(net, path, location);
        }
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
    }

    /// <summary>
    /// The push sent until the hub keeps it: a 503 is retried (the first to meet a dead session drops the idle ones,
    /// so a second try is fresh); anything else must be OCPI success.
    /// </summary>
    private static async Task PushKeptAsync(RoamingNetwork net, string path, string location)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var answer = await net.SendAsync(net.Cpo221, HttpMethod.Put, path, location);
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3)
                continue;
            var envelope = await Partners.EnvelopeAsync(answer);
            Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"PUT {path}, try {attempt}: {envelope}");
            return;
        }
    }
}
