using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// A partner's credentials whatever its version: the token the hub is to use, its versions URL and its parties.
/// A 2.1.1 credentials object names one party without a role; the role is the platform's (<see cref="Platform.V211Party"/>).
/// </summary>
public sealed record PartnerCredentials(string Token, string Url, IReadOnlyList<Party> Parties)
{
    public static ReadResult<object> Read(ReadOnlySpan<byte> body, OcpiVersion version) =>
        OcpiJson.Read(body, version == OcpiVersion.V211 ? typeof(Protocol.V211.Credentials) : typeof(Protocol.V230.Credentials), version);

    /// <summary>
    /// The version-neutral view, or why it cannot be had (a 2.1.1 partner whose role is unknown, a hub role …);
    /// <paramref name="v211Party"/> gives a 2.1.1 partner's role.
    /// </summary>
    public static (PartnerCredentials? Credentials, string? Problem) From(object credentials, Party? v211Party) => credentials switch
    {
        Protocol.V211.Credentials when v211Party is null =>
            (null, "2.1.1 credentials carry no role and this platform has none: the operator registered it without a role and it carries not exactly one party"),
        Protocol.V211.Credentials c =>
            (new(c.Token!, c.Url!, [new Party(new PartyKey(c.CountryCode!, c.PartyId!), v211Party!.Role, c.BusinessDetails?.Name)]), null),
        Protocol.V230.Credentials c when c.Roles!.Any(r => r.Role?.Value == "HUB") =>
            (null, "a platform connecting to the hub cannot itself have the HUB role"),
        Protocol.V230.Credentials c =>
            (new(c.Token!, c.Url!, c.Roles!.Select(r => new Party(new PartyKey(r.CountryCode!, r.PartyId!), r.Role!.Value.Value, r.BusinessDetails?.Name)).ToList()), null),
        _ => throw new ArgumentException($"not a credentials object: {credentials.GetType()}"),
    };
}
