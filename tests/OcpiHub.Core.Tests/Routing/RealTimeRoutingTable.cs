using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using static OcpiHub.Core.Routing.RoutingDecision;
using static OcpiHub.Core.Tests.Routing.World;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>One row of the real-time table: a forwarded request, what the store holds, and the decision expected.</summary>
public sealed record RealTimeCase(string Name, RealTimeRequest Request, IReadOnlyList<Holder> Holders, RoutingDecision Expected,
    IReadOnlyList<string> Mentions, RealTimeFacts? Facts = null)
{
    public RealTimeFacts FactsWithHolders => (Facts ?? new RealTimeFacts(World.Facts.KnownParties, World.Facts.ActiveAgreements, [])) with { Holders = Holders };

    public override string ToString() => Name;
}

/// <summary>
/// Every real-time routing case, by name, over the parties and agreements of <see cref="World"/>:
/// NL*CPA is agreed with DE*EMB and NL*ME1; BE*CPD with DE*EMB and FR*EMC; NL*MC1 and SE*CCP with DE*EMB.
/// </summary>
public static class RealTimeRoutingTable
{
    // Before Cases: static fields initialise in order.
    private static readonly RealTimeFacts NoAgreements = new(Facts.KnownParties, new HashSet<(PartyKey, PartyKey)>(), []);

    public static IReadOnlyDictionary<string, RealTimeCase> Cases { get; } = Build();

    private const string ToHeader = "OCPI-to-country-code";
    private const string FromHeader = "OCPI-from-country-code";

    private static Dictionary<string, RealTimeCase> Build()
    {
        var t = new Table();
        Authorizations(t);
        Commands(t);
        return t.Rows;
    }

    private static void Authorizations(Table t)
    {
        var a = RealTimeKind.Authorization;
        t.Add("auth: the token's owner, agreed, is asked", Ask(CpoA, a), [Own(Emb)], new Forward(Cpa, Emb));
        t.Add("auth: 2.1.1 CPO, the 2.1.1 owner", Ask(CpoD, a), [Own(Emc)], new Forward(Cpd, Emc));
        t.Add("auth: unknown token", Ask(CpoA, a), [], Refused(2004), "unknown token");
        t.Add("auth: the owner has no agreement with the CPO: unknown to it", Ask(CpoA, a), [Own(Emc)], Refused(2004), "unknown token");
        t.Add("auth: only the agreed one of two owners is asked", Ask(CpoA, a), [Own(Emb), Own(Emc)], new Forward(Cpa, Emb));
        t.Add("auth: one owner holding the uid twice is asked once", Ask(CpoA, a), [Own(Emb), Own(Emb)], new Forward(Cpa, Emb));
        t.Add("auth: several agreed owners of the uid are all asked", Ask(CpoA, a), [Own(Me1), Own(Emb)], new ForwardToAll(Cpa, [Emb, Me1]));
        t.Add("auth: broadcast on, unknown token: every agreed eMSP", Ask(CpoA, a, broadcast: true), [], new ForwardToAll(Cpa, [Emb, Me1]));
        t.Add("auth: broadcast on, owner not agreed: every agreed eMSP", Ask(CpoA, a, broadcast: true), [Own(Emc)], new ForwardToAll(Cpa, [Emb, Me1]));
        t.Add("auth: broadcast on, a known owner is asked alone", Ask(CpoA, a, broadcast: true), [Own(Emb)], new Forward(Cpa, Emb));
        t.Add("auth: broadcast on, no agreed eMSP at all", Ask(CpoA, a, broadcast: true), [], Refused(2004), NoAgreements, "unknown token");

        t.Add("auth: OCPI-to names an agreed eMSP: it is asked, whatever the store knows", Ask(CpoA, a, to: Me1), [Own(Emb)], new Forward(Cpa, Me1));
        t.Add("auth: OCPI-to names the hub: open routing", Ask(CpoA, a, from: Cpa, to: Hub), [Own(Emb)], new Forward(Cpa, Emb));
        t.Add("auth: OCPI-to names the hub in lower case: open routing", Ask(CpoA, a, to: new PartyKey("de", "hub")), [Own(Emb)], new Forward(Cpa, Emb));
        t.Add("auth: OCPI-to names an eMSP without agreement", Ask(CpoA, a, to: Emc), [Own(Emc)], Refused(2000), "NL*CPA", "FR*EMC");
        t.Add("auth: OCPI-to names an unknown party", Ask(CpoA, a, to: Stranger), [Own(Emb)], Refused(4001), "IT*XYZ");
        t.Add("auth: OCPI-to names a CPO", Ask(CpoA, a, to: Cpd), [Own(Emb)], Refused(2001), "BE*CPD", "EMSP");
        t.Add("auth: 2.1.1 CPO addressing its eMSP", Ask(CpoD, a, to: Emc), [], new Forward(Cpd, Emc));

        t.Add("auth: asked by a platform without a CPO party", Ask(EmspB, a), [Own(Emb)], Refused(2000), "CPO", "real-time authorization");
        t.Add("auth: from names another platform's party", Ask(CpoA, a, from: Cpd), [Own(Emb)], Refused(2000), "BE*CPD");
        t.Add("auth: multi-party platform without from", Ask(Multi, a), [Own(Emb)], Refused(2001), "NL*MC1", "NL*MC2", FromHeader);
        t.Add("auth: multi-party platform, from its agreed CPO", Ask(Multi, a, from: Mc1), [Own(Emb)], new Forward(Mc1, Emb));
        t.Add("auth: multi-party platform, from its CPO without agreement", Ask(Multi, a, from: Mc2), [Own(Emb)], Refused(2004), "unknown token");
        t.Add("auth: CPO-plus-eMSP platform asks as its CPO party", Ask(Combo, a), [Own(Emb)], new Forward(Ccp, Emb));
        t.Add("auth: OCPI-to names an id that is a CPO and an eMSP", Ask(Combo, a, from: Ccp, to: Duo), [], new Forward(Ccp, Duo));
        t.Add("auth: an id that is a CPO and an eMSP holds the token", Ask(Combo, a, from: Ccp), [Own(Duo)], new Forward(Ccp, Duo));
    }

    private static void Commands(Table t)
    {
        var start = RealTimeKind.StartSession;
        t.Add("start: the one agreed CPO with the Location", Ask(EmspB, start, token: Emb), [Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("start: 2.1.1 eMSP, token without owner", Ask(EmspC, start), [Own(Cpd)], new Forward(Emc, Cpd));
        t.Add("start: another eMSP's token", Ask(EmspB, start, token: Emc), [Own(Cpa)], Refused(2001), "FR*EMC", "DE*EMB", "own tokens");
        t.Add("start: another eMSP's token is refused even when addressed", Ask(EmspB, start, to: Cpa, token: Me1), [Own(Cpa)], Refused(2001), "NL*ME1");
        t.Add("start: the token's owner in lower case is the sender", Ask(EmspB, start, token: new PartyKey("de", "emb")), [Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("start: only the agreed one of two CPOs with the Location", Ask(EmspB, start, token: Emb), [Own(Mc2), Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("start: two agreed CPOs with the Location", Ask(EmspB, start, token: Emb), [Own(Mc1), Own(Cpa)],
            Refused(2001), "NL*CPA", "NL*MC1", ToHeader);
        t.Add("start: two agreed CPOs, addressed to the hub", Ask(EmspB, start, to: Hub, token: Emb), [Own(Mc1), Own(Cpa)], Refused(2001), ToHeader);
        t.Add("start: two agreed CPOs, OCPI-to names one", Ask(EmspB, start, to: Mc1, token: Emb), [Own(Mc1), Own(Cpa)], new Forward(Emb, Mc1));
        t.Add("start: the Location only at a CPO without agreement", Ask(EmspB, start, token: Emb), [Own(Mc2)], Refused(2003), "unknown location");
        t.Add("start: unknown Location", Ask(EmspB, start, token: Emb), [], Refused(2003), "unknown location");
        t.Add("start: addressed to a CPO without agreement", Ask(EmspB, start, to: Mc2, token: Emb), [Own(Mc2)], Refused(2000), "NL*MC2", "DE*EMB");
        t.Add("start: addressed to an eMSP", Ask(EmspB, start, to: Emc, token: Emb), [], Refused(2001), "FR*EMC", "CPO");
        t.Add("start: addressed to an unknown party", Ask(EmspB, start, to: Stranger, token: Emb), [], Refused(4001), "IT*XYZ");
        t.Add("start: sent by a platform without an eMSP party", Ask(CpoA, start), [Own(Cpa)], Refused(2000), "EMSP", "START_SESSION");
        t.Add("start: multi-party platform sends as its only eMSP party", Ask(Multi, start, token: Me1), [Own(Cpa)], new Forward(Me1, Cpa));
        t.Add("start: addressed to an id that is an eMSP and a CPO", Ask(EmspB, start, to: Duo, token: Emb), [], new Forward(Emb, Duo));
        t.Add("start: an id that is an eMSP and a CPO sends as its eMSP", Ask(Dual, start, token: Duo), [Own(Ccp)], new Forward(Duo, Ccp));

        var reserve = RealTimeKind.ReserveNow;
        t.Add("reserve: the one agreed CPO with the Location", Ask(EmspB, reserve, token: Emb), [Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("reserve: another eMSP's token", Ask(EmspB, reserve, token: Me1), [Own(Cpa)], Refused(2001), "NL*ME1", "own tokens");
        t.Add("reserve: unknown Location", Ask(EmspB, reserve, token: Emb), [Own(Mc2)], Refused(2003), "unknown location");

        var unlock = RealTimeKind.UnlockConnector;
        t.Add("unlock: the one agreed CPO with the Location", Ask(EmspB, unlock), [Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("unlock: carries no token to check", Ask(EmspB, unlock, token: Emc), [Own(Cpa)], new Forward(Emb, Cpa));
        t.Add("unlock: two agreed CPOs with the Location", Ask(EmspB, unlock), [Own(Cpa), Own(Cpd)], Refused(2001), "BE*CPD", "NL*CPA", ToHeader);

        var stop = RealTimeKind.StopSession;
        t.Add("stop: the CPO of the eMSP's session", Ask(EmspB, stop), [new Holder(Cpa, For: Emb)], new Forward(Emb, Cpa));
        t.Add("stop: a session of another eMSP is unknown to this one", Ask(EmspB, stop), [new Holder(Cpa, For: Me1)], Refused(2001), "unknown session");
        t.Add("stop: unknown session", Ask(EmspB, stop), [], Refused(2001), "unknown session");
        t.Add("stop: the same session id at two CPOs, one the eMSP's", Ask(EmspB, stop), [new Holder(Mc1, For: Me1), new Holder(Cpa, For: Emb)],
            new Forward(Emb, Cpa));
        t.Add("stop: 2.1.1 eMSP", Ask(EmspC, stop), [new Holder(Cpd, For: Emc)], new Forward(Emc, Cpd));
        t.Add("stop: a session whose eMSP the hub could not place is nobody's", Ask(EmspB, stop), [new Holder(Cpa)], Refused(2001), "unknown session");
        t.Add("stop: addressed to the CPO of a session whose eMSP is unknown", Ask(EmspB, stop, to: Cpa), [new Holder(Cpa)], Refused(2001), "unknown session");
        t.Add("stop: the eMSP's session and one whose eMSP is unknown with the same id", Ask(EmspB, stop), [new Holder(Cpd), new Holder(Cpa, For: Emb)],
            new Forward(Emb, Cpa));
        t.Add("stop: addressed to the CPO of the eMSP's session", Ask(EmspB, stop, to: Cpa), [new Holder(Cpa, For: Emb)], new Forward(Emb, Cpa));
        t.Add("stop: addressed to the CPO of another eMSP's session: unknown to this one", Ask(EmspB, stop, to: Cpa), [new Holder(Cpa, For: Me1)],
            Refused(2001), "unknown session", "NL*CPA");
        t.Add("stop: addressed to an agreed CPO the hub holds no such session of", Ask(EmspB, stop, to: Cpa), [new Holder(Cpd, For: Emb)], new Forward(Emb, Cpa));
        t.Add("stop: addressed to a CPO without agreement", Ask(EmspB, stop, to: Mc2), [new Holder(Mc2, For: Emb)], Refused(2000), "NL*MC2", "DE*EMB");

        var cancel = RealTimeKind.CancelReservation;
        t.Add("cancel: the CPO the reservation went to", Ask(EmspB, cancel), [new Holder(Cpa, For: Emb)], new Forward(Emb, Cpa));
        t.Add("cancel: another eMSP's reservation is unknown to this one", Ask(EmspB, cancel), [new Holder(Cpa, For: Me1)],
            Refused(2001), "unknown reservation");
        t.Add("cancel: addressed to a CPO the eMSP's reservation did not go to", Ask(EmspB, cancel, to: Cpa), [new Holder(Cpd, For: Emb)],
            Refused(2001), "unknown reservation", "NL*CPA");
        t.Add("cancel: addressed to the CPO of another eMSP's reservation", Ask(EmspB, cancel, to: Cpa), [new Holder(Cpa, For: Me1)],
            Refused(2001), "unknown reservation");
        // Reservation ids are unique only between one eMSP and one CPO: the same id at two is two reservations. Not
        // addressed, the most recent one (the holders come most recent first) is meant.
        Holder[] twoReservations = [new Holder(Cpa, For: Emb), new Holder(Cpd, For: Emb)];
        t.Add("cancel: the eMSP's reservation id at two CPOs, the one at NL*CPA more recent", Ask(EmspB, cancel), twoReservations, new Forward(Emb, Cpa));
        t.Add("cancel: the eMSP's reservation id at two CPOs, the one at BE*CPD more recent", Ask(EmspB, cancel), [.. twoReservations.Reverse()],
            new Forward(Emb, Cpd));
        t.Add("cancel: the more recent of two reservations at a CPO no longer agreed", Ask(EmspB, cancel), [new Holder(Mc2, For: Emb), new Holder(Cpa, For: Emb)],
            new Forward(Emb, Cpa));
        t.Add("cancel: addressed to one of two CPOs with the eMSP's reservation id", Ask(EmspB, cancel, to: Cpd), twoReservations, new Forward(Emb, Cpd));
        t.Add("cancel: the agreement ended since", Ask(EmspB, cancel), [new Holder(Cpa, For: Emb)], Refused(2001), NoAgreements, "unknown reservation");

        var profile = RealTimeKind.ChargingProfile;
        t.Add("profile: the CPO of the eMSP's session", Ask(EmspB, profile), [new Holder(Cpa, For: Emb)], new Forward(Emb, Cpa));
        t.Add("profile: a session of another eMSP is unknown to this one", Ask(EmspB, profile), [new Holder(Cpa, For: Me1)], Refused(2001), "unknown session");
        t.Add("profile: a session whose eMSP the hub could not place", Ask(EmspB, profile), [new Holder(Cpa)], Refused(2001), "unknown session");
        t.Add("profile: addressed to an agreed CPO without the session", Ask(EmspB, profile, to: Cpa), [new Holder(Cpd, For: Emb)], Refused(2001), "unknown session");
        t.Add("profile: addressed to the CPO of another eMSP's session", Ask(EmspB, profile, to: Cpa), [new Holder(Cpa, For: Me1)],
            Refused(2001), "unknown session", "NL*CPA");
        t.Add("profile: the agreement ended since", Ask(EmspB, profile), [new Holder(Cpa, For: Emb)], Refused(2001), NoAgreements, "unknown session");

        var active = RealTimeKind.ActiveChargingProfile;
        t.Add("active profile: to the eMSP that set one on the session", Ask(CpoA, active), [Own(Emb)], new Forward(Cpa, Emb));
        t.Add("active profile: nobody set one", Ask(CpoA, active), [], Refused(2001), "set a charging profile");
        t.Add("active profile: the setter's agreement ended", Ask(CpoA, active), [Own(Emc)], Refused(2001), "set a charging profile");
    }

    private static RealTimeRequest Ask(Platform caller, RealTimeKind kind, PartyKey? from = null, PartyKey? to = null, PartyKey? token = null,
        bool broadcast = false) =>
        new(caller, kind, from, to, Hub, token, broadcast);

    private static Holder Own(PartyKey owner) => new(owner);

    private static Refuse Refused(int ocpi) => new(ocpi, "");

    private sealed class Table
    {
        public Dictionary<string, RealTimeCase> Rows { get; } = [];

        public void Add(string name, RealTimeRequest request, Holder[] holders, RoutingDecision expected, params string[] mentions) =>
            Rows.Add(name, new RealTimeCase(name, request, holders, expected, mentions));

        public void Add(string name, RealTimeRequest request, Holder[] holders, RoutingDecision expected, RealTimeFacts facts, params string[] mentions) =>
            Rows.Add(name, new RealTimeCase(name, request, holders, expected, mentions, facts));
    }
}
