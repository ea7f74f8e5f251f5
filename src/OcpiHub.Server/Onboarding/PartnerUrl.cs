using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// Checks a URL before the hub calls it. Any URL must be absolute http(s) without user info and must not name an
/// address the hub never calls (<see cref="PartnerAddresses"/>); a URL a partner gave (versions, endpoints) must also
/// fit OCPI's <c>string(255)</c>. URLs the hub composes from a partner's endpoint and object ids may be longer.
/// Host names, and loopback and private addresses, are checked where they are resolved, when the hub connects
/// (<see cref="Connector"/>): a name is only an address once it is resolved, and may resolve differently later.
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
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && PartnerAddresses.Refusal(address, allowPrivate: true) is { } refused)
            return $"{refused} addresses are not called";
        return null;
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> the hub may connect to; a name that resolves only to refused addresses
    /// is refused, whatever it is called, and checked at every connection, so a name that changes its answer later
    /// is caught too.
    /// </summary>
    public static async Task<IPAddress[]> AllowedAddressesAsync(string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        bool allowPrivate, CancellationToken cancellationToken)
    {
        var resolved = await resolve(host, cancellationToken);
        if (resolved.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound); // a lookup failing for now: retried like any network failure
        var allowed = resolved.Where(a => PartnerAddresses.Refusal(a, allowPrivate) is null).ToArray();
        if (allowed.Length > 0)
            return allowed;
        var refusals = resolved.Select(a => PartnerAddresses.Refusal(a, allowPrivate)).Distinct().ToList();
        var why = $"{host} resolves to {string.Join(" and ", refusals)} addresses only ({string.Join(", ", resolved.Select(a => a.ToString()))}), which are not called";
        if (!allowPrivate && resolved.All(a => PartnerAddresses.Refusal(a, allowPrivate: true) is null))
            why += "; Hub:AllowPrivatePartnerAddresses lets the hub call partners on loopback and private networks";
        throw new UnusableAddressException(why);
    }

    /// <summary>
    /// The connection callback of the hub's HTTP client: connects only to allowed addresses (loopback and private
    /// ones only when <paramref name="allowPrivate"/>).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connector(bool allowPrivate) =>
        (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await AllowedAddressesAsync(endPoint.Host, Dns.GetHostAddressesAsync, allowPrivate, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A host the hub must not connect to: no attempt can succeed, so what wanted it is given up at once.</summary>
public sealed class UnusableAddressException(string message) : Exception(message);
