using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>Reads the message log through the admin API. Entries are written just after their exchange, so reads wait for them.</summary>
public static class LoggedMessages
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The entries <paramref name="query"/> lists once there are at least <paramref name="atLeast"/> (or all there are after a while).</summary>
    public static async Task<IReadOnlyList<JsonObject>> ListAsync(HubUnderTest hub, string query, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var entries = (await hub.AdminAsync(HttpMethod.Get, "admin/messages?" + query)).AsArray().Select(e => e!.AsObject()).ToList();
            if (entries.Count >= atLeast || DateTime.UtcNow > deadline)
                return entries;
            await Task.Delay(50);
        }
    }

    public static string Text(this JsonObject entry, string field) => entry[field]!.GetValue<string>();

    public static string? TextOrNull(this JsonObject entry, string field) => entry[field]?.GetValue<string>();

    public static int? Number(this JsonObject entry, string field) => entry[field]?.GetValue<int>();
}
