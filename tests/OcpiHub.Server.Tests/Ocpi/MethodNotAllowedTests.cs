using System.Net;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Ocpi;

/// <summary>
/// Every OCPI endpoint answers a method it does not support with HTTP 405, the OCPI error (2000) naming the method, and
/// <c>Allow</c> listing exactly the methods it supports in the version addressed (RFC 9110: every 405 carries Allow);
/// the methods it supports are not affected.
/// </summary>
public class MethodNotAllowedTests
{
    [Theory]
    [InlineData("PATCH", "2.2.1/receiver/tariffs/NL/REG/T1", "GET, PUT, DELETE")]
    [InlineData("POST", "2.1.1/receiver/tariffs/NL/REG/T1", "GET, PUT, PATCH, DELETE")]
    [InlineData("PUT", "2.2.1/receiver/cdrs/NL/REG/CDR1", "GET")]
    [InlineData("PATCH", "2.1.1/receiver/cdrs/NL/REG/CDR1", "GET")]
    [InlineData("GET", "2.3.0/receiver/cdrs", "POST")]
    [InlineData("DELETE", "2.2.1/receiver/locations/NL/REG/L1", "GET, PUT, PATCH")]
    [InlineData("DELETE", "2.3.0/receiver/tokens/DE/REG/U1", "GET, PUT, PATCH")]
    [InlineData("PUT", "2.2.1/sender/locations", "GET")]
    [InlineData("DELETE", "2.1.1/sender/locations/L1", "GET")]
    [InlineData("POST", "2.2.1/sender/tariffs", "GET")]
    [InlineData("GET", "2.2.1/sender/tokens/U1/authorize", "POST")]
    [InlineData("GET", "2.2.1/receiver/commands/START_SESSION", "POST")]
    [InlineData("PUT", "2.1.1/sender/commands/START_SESSION/C1", "POST")]
    [InlineData("POST", "2.2.1/receiver/chargingprofiles/S1", "GET, PUT, DELETE")]
    [InlineData("GET", "2.3.0/sender/chargingprofiles/S1", "PUT")]
    [InlineData("DELETE", "2.2.1/hubclientinfo", "GET")]
    [InlineData("PATCH", "2.2.1/credentials", "GET, PUT, DELETE")]
    [InlineData("POST", "2.2.1", "GET")]
    [InlineData("PUT", "versions", "GET")]
    public async Task A_method_the_endpoint_does_not_support_is_405_naming_it_and_the_methods_allowed(string method, string path, string allowed)
    {
        using var response = await SendAsync(method, path);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(2000, envelope["status_code"]!.GetValue<int>());
        Assert.Contains(method, envelope["status_message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("PATCH", "2.1.1/receiver/tariffs/NL/REG/NOPE", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "2.2.1/receiver/tariffs/NL/REG/NOPE", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "2.2.1/receiver/locations/NL/REG/NOPE", HttpStatusCode.OK)]
    [InlineData("GET", "2.2.1/receiver/cdrs/NL/REG/NOPE", HttpStatusCode.NotFound)]
    [InlineData("POST", "2.2.1/receiver/cdrs", HttpStatusCode.OK)]
    [InlineData("GET", "2.2.1/sender/tariffs", HttpStatusCode.OK)]
    [InlineData("POST", "2.2.1/sender/tokens/U1/authorize", HttpStatusCode.OK)]
    [InlineData("GET", "2.2.1/credentials", HttpStatusCode.OK)]
    [InlineData("GET", "2.2.1", HttpStatusCode.OK)]
    [InlineData("GET", "versions", HttpStatusCode.OK)]
    [InlineData("GET", "2.2.1/nothing", HttpStatusCode.NotFound)]
    [InlineData("PUT", "2.1.1/receiver/chargingprofiles/S1", HttpStatusCode.NotFound)]
    public async Task A_method_the_endpoint_supports_is_answered_as_before(string method, string path, HttpStatusCode expected)
    {
        using var response = await SendAsync(method, path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(response.Content.Headers.Allow);
    }

    /// <summary><paramref name="method"/> of <c>/ocpi/{path}</c> by a registered 2.2.1 CPO (JSON <c>{}</c> but for a GET), its answer read whole.</summary>
    private static async Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "REG"));
        await Partners.RegisterWithHubAsync(hub, partner);
        var response = await partner.SendToHubAsync(new HttpMethod(method), $"{hub.BaseUrl}/ocpi/{path}", method == "GET" ? null : "{}");
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
