using System.Text;
using System.Text.Json;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// One kind of request S1 forwards: how its client asks the hub (for the fast receiver or for the hanging one), the
/// receiver it reaches, and the hub's time budget for it.
/// </summary>
public sealed record ForwardedCall(string Name, string PathEnd, SimulatedPartner Receiver, TimeSpan Budget, Func<bool, HttpRequestMessage> ThroughHub)
{
    /// <summary>
    /// The baseline's request: the very request the hub last forwarded to the receiver (path, query, body, routing
    /// headers), sent to <paramref name="baseUrl"/> (the receiver itself or the proxy in front of it) with the hub's token.
    /// </summary>
    public Func<string, HttpRequestMessage> Replay()
    {
        var sent = Receiver.Requests.Last(r => r.Method == "POST" && r.Path.EndsWith(PathEnd, StringComparison.Ordinal));
        var from = (sent.Header("OCPI-from-country-code")!, sent.Header("OCPI-from-party-id")!);
        var to = (sent.Header("OCPI-to-country-code")!, sent.Header("OCPI-to-party-id")!);
        var token = Receiver.TokenToCallPartner!;
        return baseUrl =>
        {
            var request = OcpiRequests.Create(HttpMethod.Post, baseUrl + sent.Path + sent.Query, token, null, from, to);
            request.Content = new StringContent(sent.Body, Encoding.UTF8, "application/json");
            return request;
        };
    }

    /// <summary>Sends and reads the answer; its OCPI status code (0 for no OCPI answer).</summary>
    public static async Task<int> StatusOfAsync(HttpClient http, HttpRequestMessage request)
    {
        var (_, response) = await OcpiRequests.SendAsync(http, request);
        using (response)
        {
            try
            {
                using var envelope = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                return envelope.RootElement.TryGetProperty("status_code", out var status) ? status.GetInt32() : 0;
            }
            catch (JsonException)
            {
                return 0;
            }
        }
    }
}
