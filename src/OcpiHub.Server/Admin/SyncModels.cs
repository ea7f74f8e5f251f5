using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;

namespace OcpiHub.Server.Admin;

// The sync runs' shapes in the admin API (snake_case on the wire, and so in the OpenAPI document).

/// <summary>Start runs of a platform: <c>kind</c> FULL or DELTA, <c>modules</c> optional (all the platform sends).</summary>
public sealed record SyncRequest(string? PlatformId, string? Kind, List<string>? Modules);

/// <summary>A sync run as operators see it.</summary>
public record SyncRunView(string Id, string PlatformId, string Module, string Kind, string Trigger, string Status,
    DateTimeOffset? DateFrom, DateTimeOffset DateTo, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    int Pages, int Objects, int Changed, int Unchanged, int Invalid, string? Error, string CorrelationId)
{
    public static SyncRunView Of(SyncRun r) => new(r.Id, r.PlatformId, r.Module.Identifier(), Upper(r.Kind), Upper(r.Trigger), Upper(r.Status),
        r.DateFrom, r.DateTo, r.StartedAt, r.FinishedAt, r.Pages, r.Objects, r.Changed, r.Unchanged, r.Invalid, r.Error, r.CorrelationId);

    public static string Upper<T>(T value) where T : Enum => value.ToString().ToUpperInvariant();
}

/// <summary>An object a run skipped, with why.</summary>
public sealed record SyncProblemView(string? ObjectId, string Problem);

/// <summary>One run with its first problems, flat: the run's fields and <c>problems</c>.</summary>
public sealed record SyncRunDetailsView : SyncRunView
{
    public SyncRunDetailsView(SyncRunDetails details) : base(Of(details.Run)) =>
        Problems = details.Problems.Select(p => new SyncProblemView(p.ObjectId, p.Problem)).ToList();

    public IReadOnlyList<SyncProblemView> Problems { get; init; }
}
