using System.Net;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// The addresses the hub refuses to call. Always: cloud metadata services (where a server's credentials are
/// handed out), link-local, unspecified and multicast addresses. Loopback and private networks too, unless
/// <c>Hub:AllowPrivatePartnerAddresses</c> is on (partners on the hub's own machine or network: tests, sandboxes).
/// </summary>
public static class PartnerAddresses
{
    private static readonly (IPNetwork Network, string Kind)[] AlwaysRefused =
    [
        // Before the ranges they lie in (100.100.100.200 is in CGNAT, fd00:ec2::254 in unique-local).
        (IPNetwork.Parse("169.254.169.254/32"), "cloud metadata"), // AWS, Azure, Google, Oracle, DigitalOcean
        (IPNetwork.Parse("169.254.170.2/32"), "cloud metadata"),   // AWS container credentials
        (IPNetwork.Parse("fd00:ec2::254/128"), "cloud metadata"),  // AWS over IPv6
        (IPNetwork.Parse("100.100.100.200/32"), "cloud metadata"), // Alibaba
        (IPNetwork.Parse("168.63.129.16/32"), "cloud metadata"),   // Azure host services
        (IPNetwork.Parse("192.0.0.192/32"), "cloud metadata"),     // Oracle (older)
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] PrivateRanges =
    [
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "private (CGNAT)"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fec0::/10"), "private"),
    ];

    /// <summary>The kind of address the hub does not call <paramref name="address"/> as ("cloud metadata", "loopback", …), or null when it may.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivate)
    {
        // ::ffff:127.0.0.1 reaches 127.0.0.1: an IPv4 address written as IPv6 is judged as itself.
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return KindIn(AlwaysRefused, address) ?? (allowPrivate ? null : KindIn(PrivateRanges, address));
    }

    private static string? KindIn((IPNetwork Network, string Kind)[] ranges, IPAddress address) =>
        ranges.FirstOrDefault(r => r.Network.Contains(address)).Kind;
}
