namespace OcpiHub.Server.Onboarding;

/// <summary>
/// The connections the hub calls partners on: kept open and reused (HTTP keep-alive) per partner address, so a
/// lane sending a receiver one delivery after another pays no connection set-up each time, and bounded per address,
/// so a backlog never opens hundreds of connections to one partner.
/// </summary>
public static class PartnerConnections
{
    /// <summary>At most this many connections to one partner address, for deliveries, forwarding and pulls together.</summary>
    public const int MaxPerServer = 32;

    /// <summary>
    /// One handler for the hub's lifetime (the pool is not dropped every few minutes); a connection is replaced after
    /// a while all the same, so a partner's changed DNS record is followed. Each connection goes only to an address
    /// the hub calls (<see cref="PartnerAddresses"/>; loopback and private ones when <paramref name="allowPrivateAddresses"/>),
    /// and straight to it: no proxy (one would be what the address check saw), and no redirect followed (one turns a POST
    /// into a GET without the token, and goes where the partner says, not where the hub checked); a redirect is a
    /// failed call (<see cref="PartnerClient"/>).
    /// </summary>
    public static HttpMessageHandler Handler(bool allowPrivateAddresses) => new SocketsHttpHandler
    {
        ConnectCallback = PartnerUrl.Connector(allowPrivateAddresses),
        AllowAutoRedirect = false,
        UseProxy = false,
        MaxConnectionsPerServer = MaxPerServer,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    };
}
