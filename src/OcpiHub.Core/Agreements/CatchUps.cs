using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Agreements;

/// <summary>
/// What agreements bring their parties, as catch-ups (<see cref="ICatchUpStore"/>), each started in the transaction of
/// the change that calls for it: the other party's stored data, and (module HubClientInfo) word of how the other party
/// stands now.
/// </summary>
public static class CatchUps
{
    /// <summary>
    /// What <paramref name="receiver"/>'s counterpart in <paramref name="agreement"/> owns and it reads (not Sessions or CDRs:
    /// each is one eMSP's), after the withdrawal of what stopped reaching the receiver from <paramref name="withdrawSince"/>,
    /// when given, until the change that starts it (from then each change reaches it as it is made).
    /// </summary>
    public static IEnumerable<CatchUp> DataFor(Agreement agreement, PartyKey receiver, string correlationId, DataStop? withdrawSince)
    {
        var ownerRole = agreement.CounterpartOf(receiver) == agreement.Cpo ? Party.Cpo : Party.Emsp;
        return DataModules.All.Where(m => !m.IsPartySpecific() && m.OwnerRole() == ownerRole)
            .Select(m => new CatchUp(agreement.Id, receiver, m, correlationId, withdrawSince));
    }

    /// <summary>
    /// What follows an agreement's change (made, suspended, resumed, ended): each party hears how the other stands
    /// now; an active one brings each what the other owns (after the withdrawal of what stopped reaching it since
    /// <paramref name="withdrawSince"/>, when data between them stopped then, until the change).
    /// </summary>
    public static IEnumerable<CatchUp> AfterAgreementChange(Agreement agreement, string correlationId, DataStop? withdrawSince) =>
        new[] { agreement.Cpo, agreement.Emsp }.SelectMany(receiver => agreement.IsActive
            ? DataFor(agreement, receiver, correlationId, withdrawSince).Prepend(Telling(agreement, receiver, correlationId))
            : [Telling(agreement, receiver, correlationId)]);

    /// <summary>Word to <paramref name="receiver"/> of how its counterpart in <paramref name="agreement"/> stands when it runs.</summary>
    public static CatchUp Telling(Agreement agreement, PartyKey receiver, string correlationId) =>
        new(agreement.Id, receiver, DataModule.HubClientInfo, correlationId);

    /// <summary>
    /// What follows a platform's change from <paramref name="before"/> (null: a new one) into <paramref name="after"/>, given
    /// the agreements (not ended) of the parties either carries: counterparts hear how the parties it moved stand now;
    /// parties it carries that no registered platform carried before hear how their counterparts stand and get what their
    /// active agreements bring (nothing was queued for them meanwhile); so do the parties it still carries when it now
    /// reads another version or takes other modules (an eMSP moved from 2.1.1 to 2.2.1 may see Tariffs and Locations
    /// 2.1.1 could not carry; one with a new Tariffs endpoint takes Tariffs). A party that joins having stood otherwise
    /// before (<paramref name="leftAt"/>: when it last did, as it left) first gets the withdrawal of what stopped reaching it
    /// from then until this change, which nobody sent it.
    /// </summary>
    public static IEnumerable<CatchUp> AfterPlatformChange(Platform? before, Platform after, IReadOnlyCollection<Agreement> agreements, string correlationId,
        IReadOnlyDictionary<PartyKey, DataStop>? leftAt = null)
    {
        IEnumerable<Agreement> Of(PartyKey party) => agreements.Where(a => a.Involves(party));
        var joined = PartyStanding.Joined(before, after).ToList();
        var told = PartyStanding.Moved(before, after).SelectMany(p => Of(p).Select(a => Telling(a, a.CounterpartOf(p), correlationId)))
            .Concat(joined.SelectMany(p => Of(p).Select(a => Telling(a, p, correlationId))));
        DataStop? WithdrawSince(PartyKey party) => joined.Contains(party) && leftAt?.TryGetValue(party, out var left) == true ? left : null;
        var brought = joined.Union(PartyStanding.ReadsOtherwise(before, after))
            .SelectMany(p => Of(p).Where(a => a.IsActive).SelectMany(a => DataFor(a, p, correlationId, WithdrawSince(p))));
        return told.Concat(brought).Distinct();
    }
}
