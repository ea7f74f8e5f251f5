using System.Net;
using System.Text.RegularExpressions;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's session cookie is Secure whenever the hub is reached over HTTPS, also behind a balancer that ends
/// TLS and calls the node over plain HTTP: the hub's public address says so. Signed in over plain HTTP with no HTTPS
/// address, it is not (a browser would drop it).
/// </summary>
public sealed partial class DashboardCookieTests
{
    [Theory]
    [InlineData("https://hub.example.com", true)]
    [InlineData("", false)]
    public async Task The_session_cookie_is_secure_when_the_hubs_public_address_is_https(string publicBaseUrl, bool secure)
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);
        await hub.StartAsync($"--Hub:PublicBaseUrl={publicBaseUrl}");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(hub.BaseUrl) };

        using var form = await http.GetAsync("/dashboard/signin");
        var page = await form.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value,
                ["Form.Key"] = HubUnderTest.AdminKey,
            }),
        };
        using var signedIn = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ocpihub-dashboard=", StringComparison.Ordinal));
        Assert.Equal(secure, session.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
