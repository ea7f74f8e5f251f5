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
    [InlineData("http://169.254.169.254/latest", "cloud metadata", "cloud metadata")]
    [InlineData("http://100.100.100.200/latest", "cloud metadata", "cloud metadata")]
    [InlineData("http://[fd00:ec2::254]/latest", "cloud metadata", "cloud metadata")]
    [InlineData("http://169.254.7.7/ocpi", "link-local", "link-local")]
    [InlineData("http://[fe80::1]/ocpi", "link-local", "link-local")]
    [InlineData("http://[::ffff:169.254.169.254]/ocpi", "cloud metadata", "cloud metadata")]
    [InlineData("http://0.0.0.0/ocpi", "unspecified", "unspecified")]
    [InlineData("http://[::]/ocpi", "unspecified", "unspecified")]
    [InlineData("http://10.1.2.3/ocpi", null, null)] // private: judged when connecting, by the setting
    [InlineData("http://127.0.0.1/ocpi", null, null)]
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_host_name_that_resolves_only_to_metadata_and_link_local_addresses_is_refused_whatever_the_setting(bool allowPrivate)
    {
        var refused = await Assert.ThrowsAsync<UnusableAddressException>(() =>
            PartnerUrl.AllowedAddressesAsync("metadata.internal", Resolves("169.254.169.254", "fe80::1"), allowPrivate, CancellationToken.None));
        Assert.Contains("metadata.internal resolves to cloud metadata and link-local addresses only", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowPrivatePartnerAddresses", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "192.0.2.10")]
    [InlineData(true, "192.0.2.10,::1,10.0.0.5,172.16.0.1,192.168.1.1,100.64.0.1,fd12::1,127.0.0.2")]
    public async Task A_host_name_is_connected_to_its_allowed_addresses_only(bool allowPrivate, string expected)
    {
        var allowed = await PartnerUrl.AllowedAddressesAsync("partner.example",
            Resolves("169.254.0.7", "192.0.2.10", "::1", "10.0.0.5", "172.16.0.1", "192.168.1.1", "100.64.0.1", "fd12::1", "127.0.0.2", "::ffff:127.0.0.1",
                "0.0.0.0", "100.100.100.200", "fd00:ec2::254"),
            allowPrivate, CancellationToken.None);
        Assert.Equal(expected.Split(',').Concat(allowPrivate ? ["::ffff:127.0.0.1"] : []), allowed.Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.20.30.40", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("100.127.0.1", "private (CGNAT)")]
    [InlineData("fc00::1", "private")]
    public async Task Loopback_and_private_addresses_are_refused_unless_allowed_and_the_refusal_names_the_setting(string address, string kind)
    {
        var refused = await Assert.ThrowsAsync<UnusableAddressException>(() =>
            PartnerUrl.AllowedAddressesAsync("partner.internal", Resolves(address), allowPrivate: false, CancellationToken.None));
        Assert.Contains($"resolves to {kind} addresses only", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:AllowPrivatePartnerAddresses", refused.Message, StringComparison.Ordinal);
        Assert.Single(await PartnerUrl.AllowedAddressesAsync("partner.internal", Resolves(address), allowPrivate: true, CancellationToken.None));
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolves(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    private static void AssertProblem(string? expected, string? actual)
    {
        if (expected is null)
            Assert.Null(actual);
        else
            Assert.Contains(expected, actual ?? "(none)", StringComparison.Ordinal);
    }
}
