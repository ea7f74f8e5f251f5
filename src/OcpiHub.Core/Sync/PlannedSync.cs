using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Sync;

/// <summary>
/// A run to start: a full run asks <c>?date_to=…&amp;limit=…</c>, a delta run adds <c>date_from</c> (the date_to of
/// the last successful run).
/// </summary>
public sealed record PlannedSync(string PlatformId, DataModule Module, SyncKind Kind, DateTimeOffset? DateFrom, DateTimeOffset DateTo, int Limit);

/// <summary>
/// What an operator's sync request comes to: the runs to start, or why not. <see cref="NotPulled"/> says why the
/// platform is not pulled at all; <see cref="NotOwned"/> are requested modules the platform does not send;
/// <see cref="InProgress"/> requested modules that already have a run queued or running.
/// </summary>
public sealed record ManualSyncPlan(IReadOnlyList<PlannedSync> Runs, IReadOnlyList<DataModule> InProgress, IReadOnlyList<DataModule> NotOwned, string? NotPulled);
