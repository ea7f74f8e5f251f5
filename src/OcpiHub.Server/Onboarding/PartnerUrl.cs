using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// Checks a URL before the hub calls it. Any URL must be absolute http(s) without user info and must not point at a
/// link-local address (where cloud metadata services live); a URL a partner gave (versions, endpoints) must also
/// fit OCPI's <c>string(255)</c>. URLs the hub composes from a partner's endpoint and object ids may be longer.
/// Host names are checked where they are resolved, when the hub connects (<see cref="ConnectAsync"/>).
/// </summary>
public static class PartnerUrl
{
    public const int MaxLength = 255;

    /// <summary>Why a URL a partner supplied cannot be used, or null.</summary>
    public static string? Problem(string? url) =>
        url is { Length: > MaxLength } ? $"longer than {MaxLength} characters" : Unusable(url);

    /// <summary>Why the hub must not call this URL at all, or null.</summary>
    public static string? Unusable(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "not an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return "only http and https URLs are called";
        if (uri.UserInfo.Length > 0)
            return "URLs with user info are not called";
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsLinkLocal(address))
            return "link-local addresses are not called";
        return null;
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> the hub may connect to: a name that resolves only to link-local
    /// addresses is refused, whatever it is called, and checked at every connection, so a name that changes its
    /// answer later is caught too.
    /// </summary>
    public static async Task<IPAddress[]> AllowedAddressesAsync(string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        var allowed = (await resolve(host, cancellationToken)).Where(a => !IsLinkLocal(a)).ToArray();
        return allowed.Length > 0 ? allowed : throw new UnusableAddressException($"{host} resolves to link-local addresses only, which are not called");
    }

    /// <summary>The connection callback of the hub's HTTP client: connects only to allowed addresses.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await AllowedAddressesAsync(context.DnsEndPoint.Host, Dns.GetHostAddressesAsync, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return address.IsIPv6LinkLocal
               || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]);
    }
}

/// <summary>A host the hub must not connect to: no attempt can succeed, so what wanted it is given up at once.</summary>
public sealed class UnusableAddressException(string message) : Exception(message);
