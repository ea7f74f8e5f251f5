using System.Net;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>Which URLs and addresses the hub calls: a table over partner-supplied and composed URLs, and host names by what they resolve to.</summary>
public class PartnerUrlTests
{
    [Theory]
    [InlineData("https://partner.example/ocpi/versions", null, null)]
    [InlineData("ftp://partner.example/ocpi", "only http and https", "only http and https")]
    [InlineData("https://user:pw@partner.example/ocpi", "user info", "user info")]
    [InlineData("/ocpi/versions", "only http and https", "only http and https")] // a rooted path is a file URL on Unix
    [InlineData("http://169.254.169.254/latest", "link-local", "link-local")]
    [InlineData("http://[fe80::1]/ocpi", "link-local", "link-local")]
    [InlineData("http://[::ffff:169.254.169.254]/ocpi", "link-local", "link-local")]
    public void Unusable_urls_are_refused_whoever_made_them(string url, string? asSupplied, string? asComposed)
    {
        AssertProblem(asSupplied, PartnerUrl.Problem(url));
        AssertProblem(asComposed, PartnerUrl.Unusable(url));
    }

    [Fact]
    public void Only_a_partner_supplied_url_is_bound_to_255_characters()
    {
        var url = "https://partner.example/ocpi/2.2.1/locations/NL/CPA/" + new string('L', 220);
        AssertProblem("longer than 255", PartnerUrl.Problem(url));
        Assert.Null(PartnerUrl.Unusable(url));
    }

    [Fact]
    public async Task A_host_name_that_resolves_only_to_link_local_addresses_is_refused()
    {
        var refused = await Assert.ThrowsAsync<UnusableAddressException>(() =>
            PartnerUrl.AllowedAddressesAsync("metadata.internal", Resolves(IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fe80::1")), CancellationToken.None));
        Assert.Contains("metadata.internal", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_is_connected_to_its_other_addresses_only()
    {
        var allowed = await PartnerUrl.AllowedAddressesAsync("partner.example",
            Resolves(IPAddress.Parse("169.254.0.7"), IPAddress.Parse("192.0.2.10"), IPAddress.Parse("::1")), CancellationToken.None);
        Assert.Equal(["192.0.2.10", "::1"], allowed.Select(a => a.ToString()));
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolves(params IPAddress[] addresses) => (_, _) => Task.FromResult(addresses);

    private static void AssertProblem(string? expected, string? actual)
    {
        if (expected is null)
            Assert.Null(actual);
        else
            Assert.Contains(expected, actual ?? "(none)", StringComparison.Ordinal);
    }
}
