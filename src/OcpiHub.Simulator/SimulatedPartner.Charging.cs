using System.Text.Json.Nodes;

namespace OcpiHub.Simulator;

/// <summary>What one simulated charge sent the hub: the Session's and CDR's ids and every answer, in order.</summary>
public sealed record ChargeRun(string SessionId, string CdrId, IReadOnlyList<PostedResult> Answers)
{
    /// <summary>Whether the hub accepted every push (HTTP 200 with an OCPI success).</summary>
    public bool AllAccepted => Answers.All(a => a.Accepted);
}

/// <summary>A CPO's charging session as its charge point would report it to the hub.</summary>
public sealed partial class SimulatedPartner
{
    private int charges;

    /// <summary>
    /// Charges <paramref name="token"/> (as this CPO got it, in its version) at an EVSE of its Location
    /// <paramref name="locationId"/> (the first one when <paramref name="evseUid"/> is null), pushing to the hub: EVSE
    /// CHARGING, Session PUT (ACTIVE), two PATCHes of the energy, PATCH to COMPLETED, EVSE AVAILABLE, and the CDR,
    /// <paramref name="step"/> apart.
    /// </summary>
    public async Task<ChargeRun> ChargeAsync(JsonObject token, string locationId, string? evseUid, TimeSpan step, CancellationToken ct = default)
    {
        var version = Options.Version;
        var cpo = Options.Parties.First(p => p.Role == "CPO");
        var location = partner.Sender("locations").Find(l => (string?)l["id"] == locationId)
            ?? throw new ArgumentException($"{cpo.CountryCode}*{cpo.PartyId} has no location {locationId}", nameof(locationId));
        evseUid ??= (string)location["evses"]![0]!["uid"]!;
        const string connector = "1";
        var number = Interlocked.Increment(ref charges);
        var sessionId = $"S{cpo.PartyId}{DateTimeOffset.UtcNow:yyyyMMddHHmmss}{number:000}";
        var start = Options.Time.GetUtcNow();
        var answers = new List<PostedResult>();

        async Task Send(Func<Task<PostedResult>> push)
        {
            answers.Add(await push());
            await Task.Delay(step, ct);
        }
        JsonObject Stamp(JsonObject patch)
        {
            patch["last_updated"] = SampleData.Time(Options.Time.GetUtcNow());
            return patch;
        }

        await Send(() => PatchAsync("locations", [locationId, evseUid], Stamp(new JsonObject { ["status"] = "CHARGING" })));
        await Send(() => PushAsync("sessions", SampleData.Session(version, cpo, sessionId, token, location, evseUid, connector, start)));
        foreach (var kwh in (decimal[])[2.5m, 5.0m])
            await Send(() => PatchAsync("sessions", [sessionId], Stamp(new JsonObject { ["kwh"] = kwh })));
        var end = Options.Time.GetUtcNow();
        await Send(() => PatchAsync("sessions", [sessionId], Stamp(new JsonObject
        {
            ["kwh"] = 7.5m, ["status"] = "COMPLETED", [version == Protocol.OcpiVersion.V211 ? "end_datetime" : "end_date_time"] = SampleData.Time(end),
        })));
        await Send(() => PatchAsync("locations", [locationId, evseUid], Stamp(new JsonObject { ["status"] = "AVAILABLE" })));
        var cdrId = $"CDR{sessionId[1..]}";
        answers.Add(await PushAsync("cdrs", SampleData.Cdr(version, cpo, cdrId, token, location, evseUid, connector, start, end, 7.5m)));
        return new ChargeRun(sessionId, cdrId, answers);
    }
}
