using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Agreements;

/// <summary>
/// What an agreement still has to bring one of its parties: <paramref name="Module"/>'s stored objects of the other
/// party, sent to <paramref name="Receiver"/> (deliveries under <paramref name="CorrelationId"/>); first, where
/// <paramref name="WithdrawSince"/> is given (the agreement resumed or renewed after data stopped then), the withdrawal
/// of each object of the other party that stopped reaching the receiver from then until data flowed again (the change
/// that started the catch-up, as the store records it), removed or changed so that the receiver may no longer see it,
/// as its change would have withdrawn it: only one the receiver could have had (stored before then, and seen by it as
/// stored then).
/// </summary>
public sealed record CatchUp(string AgreementId, PartyKey Receiver, DataModule Module, string CorrelationId, DataStop? WithdrawSince = null);

/// <summary>
/// The catch-ups agreements still run, each with how far it got, kept in the database: one a request or a node
/// stopped is carried on by any node, from the page after the last one queued.
/// </summary>
public interface ICatchUpStore
{
    /// <summary>Starts <paramref name="catchUps"/>, from the first object (one already running starts again).</summary>
    Task StartAsync(IReadOnlyCollection<CatchUp> catchUps, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CatchUp>> PendingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction that holds the catch-up against every other node: queues its next page of
    /// <paramref name="owner"/>'s objects, read in that transaction and held against pushes as a push holds them
    /// (so a change pushed meanwhile reaches the receiver after the state read, never before), and records it as sent, or
    /// ends the catch-up after its last page, or when its agreement is no longer active. False when it has ended. The
    /// pages of objects that stopped reaching someone come first (<see cref="CatchUp.WithdrawSince"/>):
    /// <paramref name="withdrawalOf"/> is given each as stored at the first such change in the window, as stored now
    /// (null: removed) and the window's start; with <paramref name="timeBound"/> (who may see the module's objects changes
    /// with time), also every object stored before the window and not changed so in it, as stored now; then
    /// <paramref name="deliveryOf"/> each stored object.
    /// </summary>
    Task<bool> SendPageAsync(CatchUp catchUp, PartyKey owner, int pageSize, Func<StoredObject, IObjectFinder, Task<ObjectDelivery?>> deliveryOf,
        Func<StoredObject, StoredObject?, DateTimeOffset, IObjectFinder, Task<ObjectDelivery?>> withdrawalOf, bool timeBound, bool collapse,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A catch-up of module HubClientInfo, in one transaction that holds it against every other node: queues what
    /// <paramref name="telling"/> makes of its agreement, its receiver's platform and its counterpart's platform (null:
    /// none registered carries it), all as stored once the catch-up is held, and ends it. Nothing when another node
    /// ended it first.
    /// </summary>
    Task TellAsync(CatchUp catchUp, Func<Agreement, Platform?, Platform?, ObjectDelivery?> telling, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets what stopped reaching someone before <paramref name="before"/>, except, of an owner in
    /// <paramref name="keepFrom"/>, what did from the stop it names on (at its time or its state version). How many records it forgot.
    /// </summary>
    Task<int> ForgetStoppedReachingAsync(IReadOnlyDictionary<PartyKey, DataStop> keepFrom, DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Ends a catch-up with nothing to send (its receiver takes no pushes of the module).</summary>
    Task EndAsync(CatchUp catchUp, CancellationToken cancellationToken = default);
}
