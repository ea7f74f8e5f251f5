using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Simulator;

/// <summary>
/// An eMSP's real-time authorization (<c>POST {tokens}/{uid}/authorize[?type=]</c>), answered as
/// <see cref="SimulatedAuthorizations"/> says: an AuthorizationInfo in the partner's version (2.2.1+ with the token,
/// from its tokens list when it has it, and the reference), echoing the LocationReferences it was sent.
/// </summary>
internal static class AuthorizationEndpoint
{
    /// <summary>The token uid when <paramref name="path"/> is an authorization on the partner's tokens sender interface, else null.</summary>
    public static string? UidAt(PartnerContext partner, string path)
    {
        if (ModuleCatalog.SenderListAt(partner.Options, partner.VersionUrl(), TokensPath(path)) != "tokens")
            return null;
        var segments = path.Split('/');
        return Uri.UnescapeDataString(segments[^2]);
    }

    public static async Task<IResult> AnswerAsync(HttpContext http, PartnerContext partner, string uid)
    {
        var version = partner.Options.Version;
        if (partner.Authorizations.For(uid) is not { } answer)
            return new OcpiResult(StatusCodes.Status404NotFound, OcpiStatusCodes.UnknownToken, message: $"unknown token {uid}");
        if (answer.Hang)
            await SenderEndpoints.HangAsync(http);
        else if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, http.RequestAborted);
        if (answer.Data is not null)
            return OcpiResult.Success(answer.Data);

        var info = new JsonObject { ["allowed"] = answer.Allowed };
        if (version != OcpiVersion.V211)
            info["token"] = TokenOf(partner, uid, http.Request.Query["type"].FirstOrDefault() ?? "RFID");
        var body = RequestRecording.RecordOf(http).Body;
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject location)
            info["location"] = location;
        if (answer.AuthorizationReference is not null && version != OcpiVersion.V211)
            info["authorization_reference"] = answer.AuthorizationReference;
        return OcpiResult.Success(info);
    }

    // The list path of the module: the authorization path without "/{uid}/authorize".
    private static string TokensPath(string path) =>
        path.EndsWith("/authorize", StringComparison.Ordinal) && path.Split('/').Length > 3
            ? string.Join('/', path.Split('/')[..^2])
            : "";

    /// <summary>The token as its sender list holds it, else one made up from the uid.</summary>
    private static JsonNode TokenOf(PartnerContext partner, string uid, string type)
    {
        var party = partner.Options.Parties.First(p => p.Role == "EMSP");
        return partner.Sender("tokens").Find(o => string.Equals((string?)o["uid"], uid, StringComparison.OrdinalIgnoreCase))
            ?? new JsonObject
            {
                ["country_code"] = party.CountryCode, ["party_id"] = party.PartyId, ["uid"] = uid, ["type"] = type,
                ["contract_id"] = uid,
                ["issuer"] = party.Name, ["valid"] = true, ["whitelist"] = "NEVER",
                ["last_updated"] = OcpiDateTimeConverter.Format(partner.Options.Time.GetUtcNow()),
            };
    }
}
