using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation;

/// <summary>What the hub has stored, as translations see it: the Locations of the spec example and one token.</summary>
public sealed class HubStore : ITranslationLookup
{
    public static readonly PartyRef Cpo = new("BE", "BEC");

    /// <summary>The token of the 2.1.1 examples' auth_id, owned by a German eMSP.</summary>
    public static readonly Token Token = new()
    {
        CountryCode = "DE", PartyId = "TNM", Uid = "012345678", Type = TokenType.Rfid, ContractId = "DE8ACC12E46L89",
        Issuer = "TheNewMotion", Valid = true, Whitelist = WhitelistType.Allowed, LastUpdated = DateTimeOffset.UnixEpoch,
    };

    /// <summary>2.2.1 <c>location_example.json</c>: LOC1 of BE*BEC, EVSE 3256 with connectors 1 and 2.</summary>
    public static Location Location => Translate.ReadExample<Location>("2.2.1/location_example.json");

    public Location? FindLocation(PartyRef owner, string locationId) =>
        owner == Cpo && locationId == "LOC1" ? Location : null;

    /// <summary>More tokens than the examples' one, by contract id.</summary>
    public List<Token> Tokens { get; } = [Token];

    /// <summary>The tariffs of <see cref="Cpo"/>: none unless a test adds them.</summary>
    public List<Tariff> Tariffs { get; } = [];

    public Tariff? FindTariff(PartyRef owner, string tariffId) =>
        owner == Cpo ? Tariffs.FirstOrDefault(t => t.Id == tariffId) : null;

    public IReadOnlyList<Token> FindTokensByContractId(string contractId) => Tokens.Where(t => t.ContractId == contractId).ToArray();
}
