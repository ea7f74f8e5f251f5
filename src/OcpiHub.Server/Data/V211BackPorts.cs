using System.Text.Json;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Server.Data;

/// <summary>
/// What the hub adds for a 2.1.1 reader, which has no other way to tell owners apart (product spec, section 4):
/// the owner's <c>country_code</c> and <c>party_id</c> on whole top-level objects (Location, Tariff, Session, CDR,
/// Token), never inside an EVSE, a connector or a PATCH body, which a strict 2.1.1 parser would refuse with
/// unknown fields; and, when the reader's settings ask for it, the owner's name as the Location's
/// <c>operator.name</c> and the Token's <c>issuer</c> (in a PATCH only where it changes that field).
/// </summary>
public static class V211BackPorts
{
    public static object Apply(object translated, PartyKey owner, string? ownerName, PlatformSettings readerSettings, bool isPatch)
    {
        if (translated is not OcpiObject model)
            return translated;
        if (!isPatch && IsTopLevel(model))
        {
            model.Extensions ??= [];
            model.Extensions["country_code"] = JsonSerializer.SerializeToElement(owner.CountryCode, BackPortJson.Default.String);
            model.Extensions["party_id"] = JsonSerializer.SerializeToElement(owner.PartyId, BackPortJson.Default.String);
        }
        if (readerSettings.V211RewriteOwnerNames && ownerName is not null)
        {
            switch (model)
            {
                case Protocol.V211.Location location when !isPatch || location.Operator is not null:
                    location.Operator = (location.Operator ?? new BusinessDetails()) with { Name = ownerName };
                    break;
                case Protocol.V211.Token token when !isPatch || token.Issuer is not null:
                    token.Issuer = ownerName;
                    break;
            }
        }
        return model;
    }

    private static bool IsTopLevel(OcpiObject model) =>
        model is Protocol.V211.Location or Protocol.V211.Tariff or Protocol.V211.Session or Protocol.V211.Cdr or Protocol.V211.Token;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BackPortJson : System.Text.Json.Serialization.JsonSerializerContext;
