using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using static OcpiHub.Core.Routing.RoutingDecision;
using static OcpiHub.Core.Tests.Routing.Requests;
using static OcpiHub.Core.Tests.Routing.World;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>Every routing case, by name. The parties and agreements are those of <see cref="World"/>.</summary>
public static class RoutingTable
{
    public static IReadOnlyDictionary<string, RoutingCase> Cases { get; } = Build();

    private const string FromHeader = "OCPI-from-country-code";
    private const string ToHeader = "OCPI-to-country-code";
    private const string OwnParties = "may only send as its own parties";
    private const string OwnObjects = "may only push its own parties' objects";

    private static Dictionary<string, RoutingCase> Build()
    {
        var t = new Table();

        // The same rows for every module. CPO-owned modules: NL*CPA owns, DE*EMB reads; Tokens the other way round.
        // Literal parties and roles per module, so the table does not lean on DataModules.
        foreach (var module in new[] { DataModule.Locations, DataModule.Tariffs, DataModule.Sessions, DataModule.Cdrs })
            ModuleRows(t, module, owner: (CpoA, Cpa, "CPO"), reader: (EmspB, Emb, "EMSP"),
                unagreedReader: Emc, readerWithoutAgreementToOwner: Mc2, wrongRoleReceiver: Cpd, wrongRoleOwner: Emc,
                owner211: (CpoD, Cpd), reader211: (EmspC, Emc), owner230: Mc1, reader230: Me1);
        ModuleRows(t, DataModule.Tokens, owner: (EmspB, Emb, "EMSP"), reader: (CpoA, Cpa, "CPO"),
            unagreedReader: Mc2, readerWithoutAgreementToOwner: Emc, wrongRoleReceiver: Emc, wrongRoleOwner: Cpd,
            owner211: (EmspC, Emc), reader211: (CpoD, Cpd), owner230: Me1, reader230: Mc1);

        WhoSends(t);
        PushUrl(t);
        Receivers(t);
        SingleObjects(t);
        OneIdInTwoRoles(t);
        return t.Rows;
    }

    private static void ModuleRows(Table t, DataModule m,
        (Platform Platform, PartyKey Key, string Role) owner, (Platform Platform, PartyKey Key, string Role) reader,
        PartyKey unagreedReader, PartyKey readerWithoutAgreementToOwner, PartyKey wrongRoleReceiver, PartyKey wrongRoleOwner,
        (Platform Platform, PartyKey Key) owner211, (Platform Platform, PartyKey Key) reader211, PartyKey owner230, PartyKey reader230)
    {
        var (o, ok, _) = owner;
        var (r, rk, _) = reader;
        var p = m.ToString();

        t.Add($"{p}: push without routing headers is broadcast", Push(o, m, ok), new StoreAndBroadcast(ok));
        t.Add($"{p}: push addressed to the hub is broadcast", Push(o, m, ok, from: ok, to: Hub), new StoreAndBroadcast(ok));
        t.Add($"{p}: push addressed to an agreed party is delivered to it", Push(o, m, ok, from: ok, to: rk), new StoreAndDeliver(ok, rk));
        t.Add($"{p}: push addressed to a party without agreement", Push(o, m, ok, to: unagreedReader),
            Refused(2000), ok.ToString(), unagreedReader.ToString());
        t.Add($"{p}: push addressed to a party of the owner's role", Push(o, m, ok, to: wrongRoleReceiver),
            Refused(2001), wrongRoleReceiver.ToString(), reader.Role);
        t.Add($"{p}: push addressed to an unknown party", Push(o, m, ok, to: Stranger), Refused(4001), Stranger.ToString());
        t.Add($"{p}: push by a platform without a {owner.Role} party", Push(r, m, rk),
            Refused(2000), owner.Role);

        t.Add($"{p}: page without routing headers is served from every visible owner", Page(r, m), new ServeFromStore(rk, null));
        t.Add($"{p}: page addressed to the hub is served from every visible owner", Page(r, m, from: rk, to: Hub), new ServeFromStore(rk, null));
        t.Add($"{p}: page addressed to an agreed owner is served from that owner", Page(r, m, from: rk, to: ok), new ServeFromStore(rk, ok));
        t.Add($"{p}: page addressed to an owner without agreement", Page(r, m, to: readerWithoutAgreementToOwner),
            Refused(2000), rk.ToString(), readerWithoutAgreementToOwner.ToString());
        t.Add($"{p}: page addressed to a party of the reader's role", Page(r, m, to: wrongRoleOwner),
            Refused(2001), wrongRoleOwner.ToString(), owner.Role);
        t.Add($"{p}: page by a platform without a {reader.Role} party", Page(o, m), Refused(2000), reader.Role);
        // GET All as the official ocpi-tool sends it: OCPI-to names the requester itself.
        t.Add($"{p}: page addressed to the reader itself is served from every visible owner", Page(r, m, from: rk, to: rk), new ServeFromStore(rk, null));
        t.Add($"{p}: page without from addressed to the reader itself", Page(r, m, to: rk), new ServeFromStore(rk, null));

        t.Add($"{p}: 2.2.1 single object without OCPI-to is refused", Single(r, m), Refused(2001), ToHeader, owner.Role);
        t.Add($"{p}: 2.2.1 single object addressed to its owner", Single(r, m, to: ok), new ServeFromStore(rk, ok));

        var (o211, ok211) = owner211;
        var (r211, rk211) = reader211;
        t.Add($"{p}: 2.1.1 push without headers is broadcast", Push(o211, m, ok211), new StoreAndBroadcast(ok211));
        t.Add($"{p}: 2.1.1 push with headers addressed to the hub is broadcast", Push(o211, m, ok211, from: ok211, to: Hub), new StoreAndBroadcast(ok211));
        t.Add($"{p}: 2.1.1 push addressed to an agreed party", Push(o211, m, ok211, to: rk211), new StoreAndDeliver(ok211, rk211));
        t.Add($"{p}: 2.1.1 page without headers", Page(r211, m), new ServeFromStore(rk211, null));
        t.Add($"{p}: 2.1.1 single object without headers is served from the visible owners", Single(r211, m), new ServeFromStore(rk211, null));
        t.Add($"{p}: 2.1.1 single object addressed to its owner", Single(r211, m, to: ok211), new ServeFromStore(rk211, ok211));

        // The multi-party 2.3.0 platform sends as one of its parties.
        t.Add($"{p}: 2.3.0 push from one party of a multi-party platform", Push(Multi, m, owner230, from: owner230), new StoreAndBroadcast(owner230));
        t.Add($"{p}: 2.3.0 page from one party of a multi-party platform", Page(Multi, m, from: reader230), new ServeFromStore(reader230, null));
        t.Add($"{p}: 2.3.0 single object without OCPI-to is refused", Single(Multi, m, from: reader230), Refused(2001), ToHeader);
    }

    /// <summary>Rule 1: the sending party comes from OCPI-from-*, else from the caller's only party of the sending role.</summary>
    private static void WhoSends(Table t)
    {
        var l = DataModule.Locations;
        t.Add("from: a party of another platform", Push(CpoA, l, Cpa, from: Cpd), Refused(2000), "BE*CPD", OwnParties);
        t.Add("from: the hub itself", Push(CpoA, l, Cpa, from: Hub), Refused(2000), "DE*HUB", OwnParties);
        t.Add("from: a party of another platform on a GET", Page(EmspB, l, from: Emc), Refused(2000), "FR*EMC", OwnParties);
        t.Add("from: not the caller's is refused before an unknown receiver", Push(CpoA, l, Cpa, from: Cpd, to: Stranger),
            Refused(2000), "BE*CPD", OwnParties);
        t.Add("from: not the caller's is refused before a url of another party", Push(CpoA, l, Emb, from: Cpd),
            Refused(2000), "BE*CPD", OwnParties);
        t.Add("from: the caller's own party in the wrong role", Push(Multi, l, Me1, from: Me1), Refused(2000), "NL*ME1", "EMSP", "only CPO");
        t.Add("from: lower-case headers name the same party", Push(CpoA, l, Cpa, from: new PartyKey("nl", "cpa"), to: new PartyKey("de", "emb")),
            new StoreAndDeliver(Cpa, Emb));

        t.Add("no parties: push", Push(Empty, l, null), Refused(2000), "CPO");
        t.Add("no parties: page", Page(Empty, DataModule.Tokens), Refused(2000), "CPO");
        t.Add("nsp: an NSP party does not read locations", Page(NspPlatform, l), Refused(2000), "EMSP");

        t.Add("multi-party: push without from is ambiguous", Push(Multi, l, Mc1),
            Refused(2001), "NL*MC1", "NL*MC2", FromHeader);
        t.Add("multi-party: token page without from is ambiguous (two CPO parties read)", Page(Multi, DataModule.Tokens),
            Refused(2001), "NL*MC1", "NL*MC2", FromHeader);
        t.Add("multi-party: location page without from: its only EMSP party reads", Page(Multi, l), new ServeFromStore(Me1, null));
        t.Add("multi-party: token push without from: its only EMSP party owns", Push(Multi, DataModule.Tokens, Me1), new StoreAndBroadcast(Me1));
        t.Add("multi-party: push with from is broadcast for that party", Push(Multi, l, Mc1, from: Mc1), new StoreAndBroadcast(Mc1));
        t.Add("multi-party: push with from to an agreed party", Push(Multi, l, Mc1, from: Mc1, to: Emb), new StoreAndDeliver(Mc1, Emb));
        t.Add("multi-party: agreement is checked for the from party, not the platform", Push(Multi, l, Mc2, from: Mc2, to: Emb),
            Refused(2000), "NL*MC2", "DE*EMB");
        t.Add("multi-party: token page with from addressed to an agreed eMSP", Page(Multi, DataModule.Tokens, from: Mc1, to: Emb),
            new ServeFromStore(Mc1, Emb));
        t.Add("multi-party 2.3.0: single location from its EMSP party addressed to an agreed CPO", Single(Multi, l, to: Cpa),
            new ServeFromStore(Me1, Cpa));

        t.Add("one CPO and one EMSP party: location push comes from the CPO party", Push(Combo, l, Ccp), new StoreAndBroadcast(Ccp));
        t.Add("one CPO and one EMSP party: token push comes from the EMSP party", Push(Combo, DataModule.Tokens, Cem), new StoreAndBroadcast(Cem));
        t.Add("one CPO and one EMSP party: location page is read by the EMSP party", Page(Combo, l), new ServeFromStore(Cem, null));
        t.Add("one CPO and one EMSP party: token page is read by the CPO party", Page(Combo, DataModule.Tokens), new ServeFromStore(Ccp, null));
    }

    /// <summary>Rule 2: a push URL names one of the caller's parties, the one that sends.</summary>
    private static void PushUrl(Table t)
    {
        var l = DataModule.Locations;
        t.Add("url: pushing under another platform's party", Push(CpoA, l, Cpd), Refused(2000), "BE*CPD", OwnObjects);
        t.Add("url: another platform's party is refused before an ambiguous sender", Push(Multi, l, Cpd), Refused(2000), "BE*CPD", OwnObjects);
        t.Add("url: another platform's party, with a from of the caller", Push(CpoA, l, Emb, from: Cpa), Refused(2000), "DE*EMB", OwnObjects);
        t.Add("url: a party of the caller other than from", Push(Multi, l, Mc2, from: Mc1), Refused(2001), "NL*MC2", "NL*MC1");
        t.Add("url: the caller's EMSP party on a location push", Push(Combo, l, Cem), Refused(2001), "SE*CEM", "SE*CCP");
        t.Add("url: lower-case url ids name the caller's party", Push(CpoA, l, new PartyKey("nl", "cpa")), new StoreAndBroadcast(Cpa));
        t.Add("url: none (CDR POST): the sender owns", Push(CpoA, DataModule.Cdrs, null), new StoreAndBroadcast(Cpa));
        t.Add("url: none (CDR POST) addressed to an agreed eMSP", Push(CpoA, DataModule.Cdrs, null, to: Emb), new StoreAndDeliver(Cpa, Emb));
        t.Add("url: ignored on a GET", Page(EmspB, l, urlOwner: Cpd), new ServeFromStore(Emb, null));
    }

    /// <summary>Rule 3: OCPI-to-* absent or the hub is open routing; another party must be known, of the right role and agreed.</summary>
    private static void Receivers(Table t)
    {
        var l = DataModule.Locations;
        t.Add("to: the hub in lower case is open routing", Push(CpoA, l, Cpa, to: new PartyKey("de", "hub")), new StoreAndBroadcast(Cpa));
        t.Add("to: an NSP party does not receive locations", Push(CpoA, l, Cpa, to: Nsp), Refused(2001), "DE*NSP", "NSP");
        t.Add("to: the sender itself is of the wrong role", Push(CpoA, l, Cpa, to: Cpa), Refused(2001), "NL*CPA");
        t.Add("to: the caller's own other party still needs an agreement", Push(Combo, l, Ccp, from: Ccp, to: Cem),
            Refused(2000), "SE*CCP", "SE*CEM");
        t.Add("to: unknown party on a GET", Page(EmspB, l, to: Stranger), Refused(4001), "IT*XYZ");
        t.Add("to: a 2.1.1 party addressed by a 2.2.1 reader", Page(EmspB, l, to: Cpd), new ServeFromStore(Emb, Cpd));
        t.Add("to: sessions addressed to the hub are broadcast (receiver follows from the token)",
            Push(CpoA, DataModule.Sessions, Cpa, from: Cpa, to: Hub), new StoreAndBroadcast(Cpa));

        var lowerCaseRoles = new RoutingFacts(KnownParties(CpoA, EmspB).ToDictionary(p => p.Key, IReadOnlyList<string> (p) => [.. p.Value.Select(r => r.ToLowerInvariant())]), Facts.ActiveAgreements);
        t.Add("to: roles compare without regard to case", Push(CpoA, l, Cpa, to: Emb), new StoreAndDeliver(Cpa, Emb), facts: lowerCaseRoles);
        var noAgreements = new RoutingFacts(Facts.KnownParties, new HashSet<(PartyKey, PartyKey)>());
        t.Add("to: an agreement no longer active", Push(CpoA, l, Cpa, to: Emb), Refused(2000), facts: noAgreements, "NL*CPA", "DE*EMB");
        t.Add("open routing needs no agreement at decision time", Push(CpoA, l, Cpa), new StoreAndBroadcast(Cpa), facts: noAgreements);
    }

    /// <summary>GET of one object: 2.2.1+ needs the owner named, 2.1.1 is served from the one visible owner.</summary>
    private static void SingleObjects(Table t)
    {
        var l = DataModule.Locations;
        t.Add("single: 2.3.0 addressed to the hub is refused", Single(Multi, l, to: Hub), Refused(2001), ToHeader, "OCPI-to-party-id");
        t.Add("single: 2.2.1 with from but without to is refused", Single(EmspB, l, from: Emb), Refused(2001), ToHeader);
        t.Add("single: 2.1.1 addressed to the hub", Single(EmspC, l, to: Hub), new ServeFromStore(Emc, null));
        t.Add("single: 2.2.1 addressed to the reader itself is refused as one addressed to the hub", Single(EmspB, l, from: Emb, to: Emb),
            Refused(2001), ToHeader);
        t.Add("single: 2.1.1 addressed to the reader itself", Single(EmspC, l, to: Emc), new ServeFromStore(Emc, null));
        t.Add("single: 2.1.1 addressed to a CPO without agreement", Single(EmspC, l, to: Cpa), Refused(2000), "NL*CPA", "FR*EMC");
        t.Add("single: the version of the request decides, not the platform's", Single(EmspB, l, version: OcpiVersion.V211),
            new ServeFromStore(Emb, null));
    }

    /// <summary>NL*DUO is a CPO and an eMSP (OCPI 2.2.1 allows it): it is addressed, and sends, in either role.</summary>
    private static void OneIdInTwoRoles(Table t)
    {
        var (l, tokens) = (DataModule.Locations, DataModule.Tokens);
        t.Add("two roles: a single Location addressed to it as its CPO", Single(EmspB, l, to: Duo), new ServeFromStore(Emb, Duo));
        t.Add("two roles: a page of Locations addressed to it as its CPO", Page(EmspB, l, to: Duo), new ServeFromStore(Emb, Duo));
        t.Add("two roles: Tokens pushed to it as its CPO", Push(EmspB, tokens, Emb, to: Duo), new StoreAndDeliver(Emb, Duo));
        t.Add("two roles: Locations pushed to it as its eMSP", Push(Combo, l, Ccp, from: Ccp, to: Duo), new StoreAndDeliver(Ccp, Duo));
        t.Add("two roles: it pushes Tokens as its eMSP", Push(Dual, tokens, Duo, to: Ccp), new StoreAndDeliver(Duo, Ccp));
        t.Add("two roles: it pushes Locations as its CPO", Push(Dual, l, Duo), new StoreAndBroadcast(Duo));
        t.Add("two roles: it reads Locations as its eMSP", Page(Dual, l, to: Ccp), new ServeFromStore(Duo, Ccp));
        t.Add("two roles: an NSP party is still no owner", Page(Dual, l, to: Nsp), Refused(2001), "DE*NSP", "NSP", "CPO");
    }

    private static Refuse Refused(int ocpi) => new(ocpi, "");

    private sealed class Table
    {
        public Dictionary<string, RoutingCase> Rows { get; } = [];

        public void Add(string name, RoutingRequest request, RoutingDecision expected, params string[] mentions) =>
            Add(name, request, expected, Facts, mentions);

        public void Add(string name, RoutingRequest request, RoutingDecision expected, RoutingFacts facts, params string[] mentions) =>
            Rows.Add(name, new RoutingCase(name, request, expected, mentions, facts));
    }
}
