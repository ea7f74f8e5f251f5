using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>Sync runs as an operator drives them through the admin API: started by hand, awaited, read back.</summary>
public static class SyncAdmin
{
    public const int RunTimeoutMs = 60_000;

    /// <summary>The last_updated of the <paramref name="i"/>th Location <see cref="Fill"/> puts: one second apart, well in the past.</summary>
    public static string Updated(int i) => new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ");

    /// <summary>Gives the 2.2.1 CPO <paramref name="cpo"/> (party NL*<paramref name="partyId"/>) Locations L0000, L0001, … to serve.</summary>
    public static void Fill(SimulatedPartner cpo, int count, string partyId = "C22")
    {
        for (var i = 0; i < count; i++)
            cpo.Sender("locations").Put(LocationJson.Location(OcpiVersion.V221, "NL", partyId, $"L{i:D4}", Updated(i)));
    }

    /// <summary>The hub's platform id of the platform carrying the party <paramref name="partyId"/>.</summary>
    public static async Task<string> PlatformAsync(IHub hub, string partyId) =>
        (await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
        .Single(p => p!["parties"]!.AsArray().Any(party => party!["party_id"]!.GetValue<string>() == partyId))!["id"]!.GetValue<string>();

    public static object Request(string platformId, string module = "locations", string kind = "FULL") =>
        new { platform_id = platformId, kind, modules = new[] { module } };

    /// <summary>Starts a manual run of one module of the platform carrying <paramref name="partyId"/>; the queued run.</summary>
    public static async Task<JsonNode> StartAsync(IHub hub, string partyId, string module = "locations", string kind = "FULL")
    {
        var queued = Assert.Single((await hub.AdminAsync(HttpMethod.Post, "admin/syncs", Request(await PlatformAsync(hub, partyId), module, kind), 202)).AsArray())!;
        Assert.Equal((module, "MANUAL"), (queued["module"]!.GetValue<string>(), queued["trigger"]!.GetValue<string>()));
        return queued;
    }

    /// <summary>The run once it has ended (SUCCEEDED or FAILED).</summary>
    public static Task<JsonNode> EndedAsync(IHub hub, JsonNode run, int timeoutMs = RunTimeoutMs) =>
        Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(run)}"),
            r => r["status"]!.GetValue<string>() is "SUCCEEDED" or "FAILED", "the sync run to end", timeoutMs);

    /// <summary>Starts a manual run and waits for it to end.</summary>
    public static async Task<JsonNode> RunAsync(IHub hub, string partyId, string module = "locations", string kind = "FULL") =>
        await EndedAsync(hub, await StartAsync(hub, partyId, module, kind));

    public static string Id(JsonNode run) => run["id"]!.GetValue<string>();

    /// <summary>status, pages, objects, changed, unchanged, invalid.</summary>
    public static (string, int, int, int, int, int) Counters(JsonNode run) => (run["status"]!.GetValue<string>(), Number(run, "pages"), Number(run, "objects"),
        Number(run, "changed"), Number(run, "unchanged"), Number(run, "invalid"));

    /// <summary>The page requests a partner received on its sender list of <paramref name="module"/>, in order.</summary>
    public static List<RecordedRequest> PageRequests(SimulatedPartner partner, string module = "locations") =>
        partner.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/" + module, StringComparison.Ordinal)).ToList();

    private static int Number(JsonNode run, string field) => run[field]!.GetValue<int>();
}
