using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Data;

/// <summary>
/// Sessions and CDRs: charged on a token, and for its eMSP alone (<c>cdr_token.country_code</c>/<c>party_id</c>).
/// A token the hub could not place (a 2.1.1 <c>auth_id</c> it does not know) has no owner: the object is stored
/// and goes to no one.
/// </summary>
public abstract class TokenChargedShape : DataShape
{
    public override PartyKey? TokenOwner(Func<JsonObject> stored) =>
        stored()["cdr_token"] is JsonObject token
        && token["country_code"] is JsonValue country && country.TryGetValue<string>(out var countryCode)
        && token["party_id"] is JsonValue party && party.TryGetValue<string>(out var partyId)
        && PartyKey.TryFrom(countryCode, partyId, out var owner)
            ? owner
            : null;
}
