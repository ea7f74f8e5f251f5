using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Tokens;

/// <summary>
/// Tokens: owned by eMSPs, received by CPOs, identified by <c>uid</c> and <c>type</c>. 2.2.1+ URLs carry the
/// type as <c>?type=</c> (RFID when absent); 2.1.1 URLs have none, so a 2.1.1 push is keyed by its body's type.
/// The hub keys a Token as its URL writes it, <c>uid?type=TYPE</c>, and sends 2.1.1 receivers the bare uid.
/// </summary>
public sealed class TokensShape : DataShape
{
    private const string TypeQuery = "?type=";

    public override DataModule Module => DataModule.Tokens;

    protected override string IdField => "uid";

    public override Type ModelIn(int depth, OcpiVersion version) =>
        version == OcpiVersion.V211 ? typeof(Protocol.V211.Token) : typeof(Protocol.V230.Token);

    /// <summary>The type in the URL, else the pushed one, else RFID (the spec's default).</summary>
    public override string ObjectKey(string id, IQueryCollection query, CanonicalJson? change)
    {
        var type = TypeIn(query) ?? change?.Node["type"]?.GetValue<string>() ?? TokenType.Rfid.Value;
        return KeyOf(id, type);
    }

    /// <summary>
    /// 2.1.1 names a token by its uid alone (a PATCH or read-back need not say its type): the owner's RFID token, else
    /// its OTHER one, the two types 2.1.1 has.
    /// </summary>
    public override async ValueTask<string> AddressedKeyAsync(string id, IQueryCollection query, CanonicalJson? change, OcpiVersion version,
        PartyKey owner, IDataStore data, CancellationToken cancellationToken)
    {
        if (version != OcpiVersion.V211 || TypeIn(query) is not null || change?.Node["type"] is not null)
            return ObjectKey(id, query, change);
        foreach (var type in new[] { TokenType.Rfid, TokenType.Other })
        {
            if (await data.FindAsync(Module, owner, KeyOf(id, type.Value), cancellationToken) is not null)
                return KeyOf(id, type.Value);
        }
        return ObjectKey(id, query, change);
    }

    /// <summary>The key a token of <paramref name="uid"/> and <paramref name="type"/> is stored under.</summary>
    public static string KeyOf(string uid, string type) => uid + TypeQuery + type.ToUpperInvariant();

    public override (string JsonField, string UrlValue)[] QueryIdsToMatch(IQueryCollection query) =>
        TypeIn(query) is { } type ? [("type", type)] : [];

    // The uid is escaped; the type, an enum value, needs no escaping.
    public override string ObjectPath(string key)
    {
        var at = key.LastIndexOf(TypeQuery, StringComparison.Ordinal);
        return at < 0 ? base.ObjectPath(key) : base.ObjectPath(key[..at]) + key[at..];
    }

    /// <summary>
    /// 2.1.1: no type in the URL. 2.2.1: the type as the token's translation writes it (one 2.2.1 lacks as OTHER), so
    /// that URL and body agree.
    /// </summary>
    public override string PathIn(OcpiVersion version, string path)
    {
        if (version == OcpiVersion.V211)
            return path.Split('?')[0];
        var at = path.LastIndexOf(TypeQuery, StringComparison.Ordinal);
        if (version != OcpiVersion.V221 || at < 0)
            return path;
        var type = Protocol.V221.Translator.TokenTypeDown(TokenType.From(path[(at + TypeQuery.Length)..]), "Token", new TranslationContext());
        return path[..at] + TypeQuery + type!.Value.Value;
    }

    private static string? TypeIn(IQueryCollection query) => query["type"].FirstOrDefault() is { Length: > 0 } type ? type : null;
}
