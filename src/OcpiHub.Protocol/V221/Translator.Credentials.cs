using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Credentials and version details are the 2.3.0 types. A 2.2.1 hub shows itself with role HUB, which 2.3.0
// replaced by hub_party_id; 2.3.0 added the payments module.
public static partial class Translator
{
    /// <summary>A HUB role also gives the 2.3.0 hub_party_id (its country code and party id).</summary>
    public static Credentials ToCanonical(Credentials credentials, TranslationContext context) =>
        credentials.HubPartyId is null && HubRoleOf(credentials) is { } hub
            ? credentials with { HubPartyId = hub.CountryCode + hub.PartyId }
            : credentials;

    /// <summary>hub_party_id is reported unless a HUB role already says it.</summary>
    public static Credentials FromCanonical(Credentials credentials, TranslationContext context)
    {
        if (HubRoleOf(credentials) is not { } hub
            || !string.Equals(hub.CountryCode + hub.PartyId, credentials.HubPartyId, StringComparison.OrdinalIgnoreCase))
            context.Drop(credentials.HubPartyId, nameof(Credentials), "hub_party_id", To, "dropped: 2.2.1 has no hub party id (a hub has role HUB)");
        return credentials with { HubPartyId = null, Extensions = Carry.Strip(credentials.Extensions) };
    }

    public static VersionDetails ToCanonical(VersionDetails details, TranslationContext context) => details;

    public static VersionDetails FromCanonical(VersionDetails details, TranslationContext context) => details with
    {
        Endpoints = details.Endpoints is null ? null : LaterModules.Without(details.Endpoints, To, context),
        Extensions = Carry.Strip(details.Extensions),
    };

    private static CredentialsRole? HubRoleOf(Credentials credentials) => credentials.Roles?.FirstOrDefault(r => r.Role == Role.Hub);
}
