using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>
/// The platforms, parties and agreements every routing case runs against.
/// <code>
/// cpo-a     2.2.1  NL*CPA CPO
/// emsp-b    2.2.1  DE*EMB EMSP
/// emsp-c    2.1.1  FR*EMC EMSP
/// cpo-d     2.1.1  BE*CPD CPO
/// multi     2.3.0  NL*MC1 CPO, NL*MC2 CPO, NL*ME1 EMSP
/// combo     2.2.1  SE*CCP CPO, SE*CEM EMSP
/// nsp       2.2.1  DE*NSP NSP
/// empty     2.2.1  no parties
/// dual      2.2.1  NL*DUO CPO, NL*DUO EMSP (one id in two roles)
/// agreements: NL*CPA-DE*EMB, BE*CPD-DE*EMB, BE*CPD-FR*EMC, NL*MC1-DE*EMB, NL*CPA-NL*ME1, SE*CCP-DE*EMB,
///             NL*DUO-DE*EMB (NL*DUO as CPO), SE*CCP-NL*DUO (NL*DUO as eMSP)
/// </code>
/// </summary>
public static class World
{
    public static readonly PartyKey Hub = Key("DE*HUB");

    public static readonly PartyKey Cpa = Key("NL*CPA");
    public static readonly PartyKey Emb = Key("DE*EMB");
    public static readonly PartyKey Emc = Key("FR*EMC");
    public static readonly PartyKey Cpd = Key("BE*CPD");
    public static readonly PartyKey Mc1 = Key("NL*MC1");
    public static readonly PartyKey Mc2 = Key("NL*MC2");
    public static readonly PartyKey Me1 = Key("NL*ME1");
    public static readonly PartyKey Ccp = Key("SE*CCP");
    public static readonly PartyKey Cem = Key("SE*CEM");
    public static readonly PartyKey Nsp = Key("DE*NSP");
    public static readonly PartyKey Duo = Key("NL*DUO");
    public static readonly PartyKey Stranger = Key("IT*XYZ");

    public static readonly Platform CpoA = Platform("cpo-a", OcpiVersion.V221, (Cpa, "CPO"));
    public static readonly Platform EmspB = Platform("emsp-b", OcpiVersion.V221, (Emb, "EMSP"));
    public static readonly Platform EmspC = Platform("emsp-c", OcpiVersion.V211, (Emc, "EMSP"));
    public static readonly Platform CpoD = Platform("cpo-d", OcpiVersion.V211, (Cpd, "CPO"));
    public static readonly Platform Multi = Platform("multi", OcpiVersion.V230, (Mc1, "CPO"), (Mc2, "CPO"), (Me1, "EMSP"));
    public static readonly Platform Combo = Platform("combo", OcpiVersion.V221, (Ccp, "CPO"), (Cem, "EMSP"));
    public static readonly Platform NspPlatform = Platform("nsp", OcpiVersion.V221, (Nsp, "NSP"));
    public static readonly Platform Empty = Platform("empty", OcpiVersion.V221);
    public static readonly Platform Dual = Platform("dual", OcpiVersion.V221, (Duo, "CPO"), (Duo, "EMSP"));

    public static readonly RoutingFacts Facts = new(
        KnownParties(CpoA, EmspB, EmspC, CpoD, Multi, Combo, NspPlatform, Empty, Dual),
        new HashSet<(PartyKey, PartyKey)> { (Cpa, Emb), (Cpd, Emb), (Cpd, Emc), (Mc1, Emb), (Cpa, Me1), (Ccp, Emb), (Duo, Emb), (Ccp, Duo) });

    public static Dictionary<PartyKey, IReadOnlyList<string>> KnownParties(params Platform[] platforms) =>
        platforms.SelectMany(p => p.Parties).GroupBy(p => p.Key).ToDictionary(g => g.Key, IReadOnlyList<string> (g) => g.Select(p => p.Role).ToList());

    public static PartyKey Key(string text) =>
        PartyKey.TryParse(text, out var key) ? key : throw new ArgumentException($"not a party key: {text}");

    private static Platform Platform(string id, OcpiVersion version, params (PartyKey Key, string Role)[] parties) => new()
    {
        Id = id, Name = id, Version = version, Status = PlatformStatus.Connected,
        Parties = parties.Select(p => new Party(p.Key, p.Role)).ToList(),
    };
}
