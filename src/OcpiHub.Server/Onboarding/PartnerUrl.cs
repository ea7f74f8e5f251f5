using System.Net;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// Checks a URL a partner gave before the hub calls it: absolute http(s), no user info, and not a link-local
/// address (where cloud metadata services live).
/// </summary>
public static class PartnerUrl
{
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 255 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "not an absolute URL of at most 255 characters";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return "only http and https URLs are called";
        if (uri.UserInfo.Length > 0)
            return "URLs with user info are not called";
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsLinkLocal(address))
            return "link-local addresses are not called";
        return null;
    }

    private static bool IsLinkLocal(IPAddress address) => address.IsIPv6LinkLocal
        || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]);
}
