using System.Text.Json;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Server.Data;

/// <summary>
/// What the hub adds for a 2.1.1 reader, which has no other way to tell owners apart (product spec, section 4):
/// the owner's <c>country_code</c> and <c>party_id</c> on every object, and, when the reader's settings ask for
/// it, the owner's name as the Location's <c>operator.name</c> and the Token's <c>issuer</c>.
/// </summary>
public static class V211BackPorts
{
    public static object Apply(object translated, PartyKey owner, string? ownerName, PlatformSettings readerSettings)
    {
        if (translated is not OcpiObject model)
            return translated;
        model.Extensions ??= [];
        model.Extensions["country_code"] = JsonSerializer.SerializeToElement(owner.CountryCode, BackPortJson.Default.String);
        model.Extensions["party_id"] = JsonSerializer.SerializeToElement(owner.PartyId, BackPortJson.Default.String);
        if (readerSettings.V211RewriteOwnerNames && ownerName is not null)
        {
            switch (model)
            {
                case Protocol.V211.Location location:
                    location.Operator = (location.Operator ?? new BusinessDetails()) with { Name = ownerName };
                    break;
                case Protocol.V211.Token token:
                    token.Issuer = ownerName;
                    break;
            }
        }
        return model;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BackPortJson : System.Text.Json.Serialization.JsonSerializerContext;
