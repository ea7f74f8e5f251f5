using HubTracing = OcpiHub.Server.Ocpi.Tracing;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>X-Request-ID and X-Correlation-ID on every OCPI response: echoed when sent, generated when not (2.1.1 too).</summary>
public class TraceIdTests
{
    [Theory]
    [InlineData("versions")]
    [InlineData("2.1.1")]
    [InlineData("2.2.1")]
    [InlineData("2.3.0")]
    [InlineData("2.3.0/no-such-module")]
    public async Task Ids_are_generated_when_absent_and_returned_on_every_response(string path)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "P", role = "CPO", country_code = "NL", party_id = "ABC" }, 201))["token_a"]!.GetValue<string>();
        using var http = new HttpClient();

        async Task<(string RequestId, string CorrelationId)> CallAsync(string token, string? requestId = null, string? correlationId = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/{path}");
            request.Headers.TryAddWithoutValidation("Authorization", "Token " + token);
            if (requestId is not null)
                request.Headers.Add(HubTracing.RequestIdHeader, requestId);
            if (correlationId is not null)
                request.Headers.Add(HubTracing.CorrelationIdHeader, correlationId);
            using var response = await http.SendAsync(request);
            return (response.Headers.GetValues(HubTracing.RequestIdHeader).Single(), response.Headers.GetValues(HubTracing.CorrelationIdHeader).Single());
        }

        var first = await CallAsync(tokenA);
        var second = await CallAsync(tokenA);
        var refused = await CallAsync("not-a-token");
        var echoed = await CallAsync(tokenA, "request-1", "correlation-1");

        // Made in time order (UUID version 7): the message log's correlation index takes them at its end, not on a random page.
        Assert.All([first, second, refused], ids => Assert.True(Guid.TryParse(ids.RequestId, out var request) && request.Version == 7
            && Guid.TryParse(ids.CorrelationId, out var correlation) && correlation.Version == 7, ids.ToString()));
        // Their first 48 bits are the millisecond they were made (ids of one millisecond differ in random bits after it).
        Assert.True(string.CompareOrdinal(first.CorrelationId[..13], second.CorrelationId[..13]) <= 0, $"{first.CorrelationId} then {second.CorrelationId}");
        Assert.Equal(6, new[] { first, second, refused }.SelectMany(ids => new[] { ids.RequestId, ids.CorrelationId }).Distinct().Count());
        Assert.Equal(("request-1", "correlation-1"), echoed);
    }
}
