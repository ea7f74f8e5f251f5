using System.Text;
using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Messages;

namespace OcpiHub.Server.Onboarding;

/// <summary>Why a credentials exchange failed, as an OCPI status (2001, 3001, 3002, 3003) and a reason.</summary>
public sealed class RegistrationException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// The credentials handshake in both directions and in every version: the partner registers with a token A
/// the hub issued (POST) or updates (PUT), or the hub connects to a partner with the partner's token A.
/// Either way the hub fetches the partner's versions and endpoints, picks the version, and swaps tokens.
/// </summary>
public sealed class Registration(
    IPlatformStore platforms, PartnerClient client, HubCredentials hubCredentials, HubSecrets secrets, AgreementBackfill backfill, HubOptions hub,
    TimeProvider clock, ILogger<Registration> log)
{
    /// <summary>
    /// A partner's POST or PUT on the hub's credentials endpoint of <paramref name="version"/>: checks the
    /// partner's API, issues a new token (ending token A and any earlier one) and returns the hub's credentials.
    /// </summary>
    public async Task<object> AcceptAsync(Platform platform, OcpiVersion version, object body, string correlationId, CancellationToken cancellationToken)
    {
        var (credentials, problem) = PartnerCredentials.From(body, platform.V211Party);
        if (credentials is null)
            throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, problem!);
        // The encoding the platform is set to (2.1.1: raw) is tried first, then the other, as when the hub connects.
        var (auth, versions) = await AuthAcceptedAsync(credentials.Url, credentials.Token, OutboundAuth.For(credentials.Token, version, platform.Settings.OutboundTokenBase64).Base64,
            correlationId, cancellationToken, platform.Id);
        var (_, endpoints) = await DiscoverAsync(credentials.Url, auth, version, correlationId, cancellationToken, versions, platform.Id);
        await EnsurePartiesFreeAsync(credentials.Parties, platform.Id, cancellationToken);

        var token = Tokens.Generate();
        await ChangeClaimingPartiesAsync(platform.Id, stored => Carrying(stored with
            {
                Status = PlatformStatus.Connected, Version = version, VersionsUrl = credentials.Url, Endpoints = endpoints, LastSeenAt = clock.GetUtcNow(),
                Settings = WithTokenEncoding(stored.Settings, auth, version),
            }, credentials),
            new TokenChanges { Inbound = (Tokens.Hash(token), TokenKind.Access), EncryptedOutbound = secrets.Cipher.Encrypt(credentials.Token) },
            correlationId, cancellationToken);
        return await hubCredentials.ForAsync(version, token, platform.Id, cancellationToken);
    }

    /// <summary>
    /// The hub connects to a partner that gave it a versions URL and a token A: highest mutual version, POST of
    /// the hub's credentials, the partner's token stored. Nothing is kept when any step fails.
    /// </summary>
    public async Task<Platform> ConnectAsync(string name, string versionsUrl, string tokenA, Party? declared, string correlationId, CancellationToken cancellationToken)
    {
        var (auth, versions) = await AuthAcceptedAsync(versionsUrl, tokenA, base64First: true, correlationId, cancellationToken);
        var (version, endpoints) = await DiscoverAsync(versionsUrl, auth, null, correlationId, cancellationToken, versions);
        if (version == OcpiVersion.V211 && declared is null)
            throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, "the partner speaks 2.1.1: give its role, country_code and party_id");

        var platform = new Platform
        {
            Id = Guid.NewGuid().ToString(), Name = name, Version = version, VersionsUrl = versionsUrl, Endpoints = endpoints,
            DeclaredParty = declared, CreatedAt = clock.GetUtcNow(),
            Settings = WithTokenEncoding(new(), auth, version),
        };
        // The partner checks the hub's API with the hub's token before it answers, so the platform (still planned)
        // and that token are stored first, together; anything failing after removes them again.
        var token = Tokens.Generate();
        await platforms.SaveAsync(platform, new TokenChanges { Inbound = (Tokens.Hash(token), TokenKind.Access) }, correlationId, cancellationToken);
        try
        {
            var body = await hubCredentials.ForAsync(version, token, platform.Id, cancellationToken);
            var credentialsUrl = platform.Endpoint("credentials")!.Url;
            var credentials = await PostCredentialsAsync(credentialsUrl, auth with { Base64 = auth.Base64 && version != OcpiVersion.V211 }, version, body, declared,
                correlationId, new(platform.Id, "credentials"), cancellationToken);
            await EnsurePartiesFreeAsync(credentials.Parties, platform.Id, cancellationToken);

            (_, platform) = await ChangeClaimingPartiesAsync(platform.Id,
                stored => Carrying(stored with { Status = PlatformStatus.Connected, LastSeenAt = clock.GetUtcNow() }, credentials),
                new TokenChanges { EncryptedOutbound = secrets.Cipher.Encrypt(credentials.Token) }, correlationId, cancellationToken);
        }
        catch
        {
            await platforms.DeleteAsync(platform.Id, correlationId, CancellationToken.None);
            throw;
        }
        return platform;
    }

    /// <summary>
    /// The platform carrying the parties its credentials name. 2.1.1 credentials name the partner's one party, which is then
    /// its declared party too (in the declared role), whatever party the operator expected: the partner's word on who it is,
    /// so that the sync, agreements and a later registration all see one party (a PUT may name another, and moves it).
    /// </summary>
    private Platform Carrying(Platform platform, PartnerCredentials credentials)
    {
        if (platform.Version != OcpiVersion.V211)
            return platform with { Parties = credentials.Parties };
        var party = credentials.Parties[0];
        if (platform.DeclaredParty is { } declared && declared.Key != party.Key)
            log.LogInformation("platform {Platform}, declared as {Declared}, names itself {Party} in its 2.1.1 credentials and is that party from now on",
                platform.Id, declared.Key, party.Key);
        return platform with { Parties = credentials.Parties, DeclaredParty = party };
    }

    /// <summary>
    /// The partner's DELETE: both sides end automated communication. The platform is kept as a record; its parties
    /// are released, so the partner (or another platform) can connect them again.
    /// </summary>
    public async Task UnregisterAsync(Platform platform, string correlationId, CancellationToken cancellationToken)
    {
        if (await platforms.UpdateAsync(platform.Id, stored => stored with { Status = PlatformStatus.Unregistered, Parties = [] },
                new TokenChanges { RevokeAll = true }, correlationId, cancellationToken) is not null)
            backfill.Started();
    }

    /// <summary>
    /// The partner's versions and, for the chosen version (the one given, or the highest both speak), its
    /// endpoints. Unreachable: 3001; no common version: 3002; no credentials endpoint: 3003.
    /// </summary>
    private async Task<(OcpiVersion Version, IReadOnlyList<PartnerEndpoint> Endpoints)> DiscoverAsync(
        string versionsUrl, OutboundAuth auth, OcpiVersion? required, string correlationId, CancellationToken cancellationToken,
        List<VersionInfo>? fetchedVersions = null, string? platformId = null)
    {
        var about = new PartnerCallInfo(platformId, "versions");
        var versions = fetchedVersions
            ?? await CallAsync(() => client.GetAsync<List<VersionInfo>>(versionsUrl, auth, OcpiVersion.V230, correlationId, about, cancellationToken: cancellationToken));
        var offered = versions.Where(v => v is { Number: not null, Url: not null })
            .Select(v => (Ok: OcpiVersions.TryParse(v.Number!.Value.Value, out var parsed), Version: parsed, v.Url))
            .Where(v => v.Ok)
            .ToList();
        var chosen = required is { } wanted ? offered.FirstOrDefault(v => v.Version == wanted) : offered.OrderByDescending(v => v.Version).FirstOrDefault();
        if (chosen.Url is null)
        {
            throw new RegistrationException(OcpiStatusCodes.UnsupportedVersion,
                $"no mutual version: the partner offers {string.Join(", ", versions.Select(v => v?.Number?.Value))}, the hub " +
                (required is { } r ? $"was called on {r.ToWire()}" : $"speaks {string.Join(", ", OcpiVersions.All.Select(v => v.ToWire()))}"));
        }

        var details = await CallAsync(() => client.GetAsync<VersionDetails>(chosen.Url!, auth with { Base64 = auth.Base64 && chosen.Version != OcpiVersion.V211 },
            chosen.Version, correlationId, about, cancellationToken: cancellationToken));
        var endpoints = EndpointsOf(details);
        // The hub composes longer URLs from these (owner ids, object ids), so each must itself be a usable OCPI URL.
        if (endpoints.Select(e => (e.Identifier, Problem: PartnerUrl.Problem(e.Url))).FirstOrDefault(e => e.Problem is not null) is { Problem: { } problem } bad)
            throw new RegistrationException(OcpiStatusCodes.UnableToUseClientApi, $"the partner's {bad.Identifier} endpoint: {problem}");
        if (!endpoints.Any(e => e.Identifier == "credentials"))
            throw new RegistrationException(OcpiStatusCodes.NoMatchingEndpoints, "the partner's version details list no credentials endpoint");
        return (chosen.Version, endpoints);
    }

    /// <summary>The endpoints a partner's version details list; details without them, or an endpoint without its identifier or URL, are 3001.</summary>
    private static List<PartnerEndpoint> EndpointsOf(VersionDetails details) =>
        details.Endpoints is { } listed
            ? [.. listed.Select((e, n) => e is { Identifier: { } identifier, Url: { } url }
                ? new PartnerEndpoint(identifier.Value, e.Role?.Value, url)
                : throw new RegistrationException(OcpiStatusCodes.UnableToUseClientApi,
                    $"the partner's version details: endpoint {n + 1} has no identifier or no url"))]
            : throw new RegistrationException(OcpiStatusCodes.UnableToUseClientApi, "the partner's version details list no endpoints");

    /// <summary>
    /// The encoding of a partner's token (its token A, or the one its credentials give) the partner accepts: Base64
    /// (2.2.1+) or raw (2.1.1 and many 2.2 peers), the one of <paramref name="base64First"/> tried first on its versions
    /// endpoint, then the other; with the versions list the accepted call returned.
    /// </summary>
    private async Task<(OutboundAuth Auth, List<VersionInfo>? Versions)> AuthAcceptedAsync(string versionsUrl, string token, bool base64First, string correlationId,
        CancellationToken cancellationToken, string? platformId = null)
    {
        var first = new OutboundAuth(token, base64First);
        var versions = await CallAsync(() => client.GetAsync<List<VersionInfo>>(versionsUrl, first, OcpiVersion.V230, correlationId,
            new PartnerCallInfo(platformId, "versions"), cancellationToken: cancellationToken), allowUnauthorized: true);
        return versions is null ? (first with { Base64 = !base64First }, null) : (first, versions);
    }

    /// <summary>The platform's settings sending its token the way it accepted it; a 2.1.1 platform always gets it raw, so its setting stays as it is.</summary>
    private static PlatformSettings WithTokenEncoding(PlatformSettings settings, OutboundAuth accepted, OcpiVersion version) =>
        version == OcpiVersion.V211 ? settings : settings with { OutboundTokenBase64 = accepted.Base64 };

    /// <summary>The hub's credentials POSTed to the partner; its answer read and checked as a partner's POST to the hub would be (2001 when invalid).</summary>
    private async Task<PartnerCredentials> PostCredentialsAsync(string url, OutboundAuth auth, OcpiVersion version, object body, Party? declared,
        string correlationId, PartnerCallInfo about, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(() => client.SendAsync<JsonNode>(HttpMethod.Post, url, auth, version, correlationId, body, about, cancellationToken: cancellationToken));
        var read = PartnerCredentials.Read(Encoding.UTF8.GetBytes(answer.ToJsonString()), version);
        var (credentials, problem) = read.IsValid ? PartnerCredentials.From(read.Value!, declared) : (null, read.Problems.ToStatusMessage());
        return credentials ?? throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, "the partner's credentials: " + problem);
    }

    private static async Task<T> CallAsync<T>(Func<Task<PartnerAnswer<T>>> call) where T : class =>
        (await CallAsync(call, allowUnauthorized: false))!;

    /// <summary>Runs a partner call; anything but a successful answer is 3001 (an HTTP 401 may be allowed, giving null).</summary>
    private static async Task<T?> CallAsync<T>(Func<Task<PartnerAnswer<T>>> call, bool allowUnauthorized) where T : class
    {
        try
        {
            var answer = await call();
            if (answer.IsSuccess)
                return answer.Data;
            if (allowUnauthorized && answer.HttpStatus == StatusCodes.Status401Unauthorized)
                return null;
            throw new RegistrationException(OcpiStatusCodes.UnableToUseClientApi, "the partner answered " + answer.Describe());
        }
        catch (PartnerCallException e)
        {
            throw new RegistrationException(OcpiStatusCodes.UnableToUseClientApi, e.Message);
        }
    }

    /// <summary>
    /// Changes the platform as stored now (what the operator changed while the partner was asked is kept) to carry
    /// the parties it claims. <see cref="EnsurePartiesFreeAsync"/> refuses a party taken earlier; one claimed by another
    /// platform at the same moment is refused here, by the store, the same way. A platform the operator removed
    /// meanwhile stays removed.
    /// </summary>
    private async Task<(Platform Before, Platform After)> ChangeClaimingPartiesAsync(string platformId, Func<Platform, Platform> change, TokenChanges tokens,
        string correlationId, CancellationToken cancellationToken)
    {
        try
        {
            var changed = await platforms.UpdateAsync(platformId, change, tokens, correlationId, cancellationToken)
                ?? throw new RegistrationException(OcpiStatusCodes.ClientError, "the platform was removed from the hub during the credentials exchange");
            // What follows (counterparts told, the parties' data brought) is recorded with the change: woken here, run by any node.
            backfill.Started();
            return changed;
        }
        catch (PartyTakenException e)
        {
            throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, e.Message);
        }
    }

    /// <summary>Refuses (2001) a party another registered platform carries, and the hub's own: a message to it is for the hub, so no partner could be reached as it.</summary>
    private async Task EnsurePartiesFreeAsync(IReadOnlyList<Party> parties, string platformId, CancellationToken cancellationToken)
    {
        var hubParty = new PartyKey(hub.CountryCode, hub.PartyId);
        foreach (var party in parties)
        {
            if (party.Key == hubParty)
                throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, $"party {party.Key} is the hub's own party, which no platform can carry");
            if (await platforms.FindByPartyAsync(party.Key, cancellationToken) is { } other && other.Id != platformId && other.IsRegistered)
                throw new RegistrationException(OcpiStatusCodes.InvalidOrMissingParameters, $"party {party.Key} is already connected through another platform");
        }
    }
}
