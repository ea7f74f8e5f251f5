using OcpiHub.Core.Security;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Simulator;

/// <summary>The hub as the partner knows it after a handshake: the token to call it, where, and its endpoints.</summary>
public sealed record HubConnection(string Token, string VersionsUrl, IReadOnlyList<Endpoint> Endpoints)
{
    /// <summary>The URL of a module endpoint of the hub (2.1.1 endpoints have no role, so any role matches them).</summary>
    public string? EndpointUrl(string module, string? role = null) => Endpoints.FirstOrDefault(e =>
        e.Identifier?.Value == module && (role is null || e.Role is null || e.Role.Value.Value == role))?.Url;
}

internal enum CallerKind
{
    /// <summary>Presented a token A: may only discover versions and register.</summary>
    TokenA,
    /// <summary>Presented the token the partner gave the hub.</summary>
    Registered,
}

internal sealed record Caller(CallerKind Kind, string Token);

/// <summary>
/// The credentials relationship with the hub: unused tokens A, the token the hub calls with, the hub connection.
/// Kestrel threads and the test thread both change it, so every access takes the lock.
/// </summary>
internal sealed class CredentialsState
{
    private readonly Lock gate = new();
    private readonly HashSet<string> unusedTokensA = [];
    private string? partnerToken;
    // A token offered to the hub while our own registration or update is under way: the hub calls back with it
    // (versions, details) before the exchange completes.
    private string? offeredToken;
    private HubConnection? hub;

    public string? PartnerToken
    {
        get { lock (gate) return partnerToken; }
    }

    public HubConnection? Hub
    {
        get { lock (gate) return hub; }
    }

    public bool IsRegistered => Hub is not null;

    public string IssueTokenA()
    {
        var token = Tokens.Generate();
        lock (gate)
            unusedTokensA.Add(token);
        return token;
    }

    /// <summary>Who presents one of <paramref name="candidates"/> (raw or decoded header value), or null if nobody known.</summary>
    public Caller? Identify(IReadOnlyList<string> candidates)
    {
        lock (gate)
        {
            foreach (var token in candidates)
            {
                if (token == partnerToken || token == offeredToken)
                    return new(CallerKind.Registered, token);
                if (unusedTokensA.Contains(token))
                    return new(CallerKind.TokenA, token);
            }
            return null;
        }
    }

    /// <summary>Registration done (either side started it): the hub calls with <paramref name="newPartnerToken"/> from now on.</summary>
    public void Connect(string newPartnerToken, HubConnection connection, string? usedTokenA = null)
    {
        lock (gate)
        {
            partnerToken = newPartnerToken;
            offeredToken = null;
            hub = connection;
            if (usedTokenA is not null)
                unusedTokensA.Remove(usedTokenA);
        }
    }

    public void Offer(string token)
    {
        lock (gate)
            offeredToken = token;
    }

    public void WithdrawOffer()
    {
        lock (gate)
            offeredToken = null;
    }

    public void Forget()
    {
        lock (gate)
        {
            partnerToken = null;
            offeredToken = null;
            hub = null;
        }
    }
}
