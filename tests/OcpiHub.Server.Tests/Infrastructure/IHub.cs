using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcpiHub.Server.Admin;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>A running hub as partners and operators see it: its address and its admin API.</summary>
public interface IHub
{
    string BaseUrl { get; }

    string VersionsUrl => BaseUrl + "/ocpi/versions";

    Task<JsonNode> AdminAsync(HttpMethod method, string path, object? body = null, int expectedStatus = 200) =>
        AdminCall.SendAsync(BaseUrl, method, path, body, expectedStatus);
}

public static class HubQueue
{
    /// <summary>
    /// Waits (bounded) until the hub has nothing more to send: no catch-up left to queue (what agreements and platform
    /// changes bring, ClientInfo included), then a delivery queue holding nothing pending or retrying.
    /// </summary>
    public static Task QueueEmptyAsync(this IHub hub, string what, int timeoutMs = 10_000) =>
        Eventually.UntilAsync(async () =>
                (await hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray().Any(a => a!["catching_up"]!.GetValue<bool>())
                    ? -1
                    : (await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=pending")).AsArray().Count,
            pending => pending == 0, what, timeoutMs);

    /// <summary>
    /// Every delivery the admin API lists, once: pending, dead and done (<c>failed</c> lists the pending ones that
    /// failed, which <c>pending</c> lists already).
    /// </summary>
    public static async Task<IReadOnlyList<JsonNode?>> AllDeliveriesAsync(this IHub hub)
    {
        var deliveries = new List<JsonNode?>();
        foreach (var status in new[] { "pending", "dead", "done" })
            deliveries.AddRange((await hub.AdminAsync(HttpMethod.Get, $"admin/deliveries?status={status}")).AsArray());
        return deliveries;
    }
}

public static class HubAgreements
{
    /// <summary>
    /// Makes an agreement and waits until it has queued all it brings each side (its catch-up runs after the answer), so
    /// that what a test then pushes and counts at the partners does not meet the catch-up's copy of it; its id.
    /// </summary>
    public static async Task<string> AgreeAsync(this IHub hub, string cpo, string emsp)
    {
        var id = (await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo, emsp }, 201))["id"]!.GetValue<string>();
        await hub.CaughtUpAsync(id);
        return id;
    }

    /// <summary>Waits until agreement <paramref name="id"/> has queued all it brings each side.</summary>
    public static Task CaughtUpAsync(this IHub hub, string id) =>
        Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/agreements"),
            all => all.AsArray().Single(a => a!["id"]!.GetValue<string>() == id)!["catching_up"]!.GetValue<bool>() == false, "the agreement's catch-up queued");
}

public static class AdminCall
{
    public static async Task<JsonNode> SendAsync(string baseUrl, HttpMethod method, string path, object? body, int expectedStatus)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubUnderTest.AdminKey);
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = JsonContent.Create(body, options: AdminJson.Options);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
