using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Sync;

/// <summary>A full run asks everything up to its date_to; a delta run only what changed since the last successful run.</summary>
public enum SyncKind
{
    Full,
    Delta,
}

public enum SyncTrigger
{
    Schedule,
    Manual,
}

public enum SyncStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One pull of one module from one platform, page by page. The counters and <see cref="NextUrl"/> are recorded
/// after each page, so a run cut off by a stop resumes from its next page.
/// </summary>
public sealed record SyncRun
{
    public required string Id { get; init; }
    public required string PlatformId { get; init; }
    public required DataModule Module { get; init; }
    public required SyncKind Kind { get; init; }
    public required SyncTrigger Trigger { get; init; }
    public SyncStatus Status { get; init; } = SyncStatus.Queued;
    public DateTimeOffset? DateFrom { get; init; }
    public required DateTimeOffset DateTo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Pages { get; init; }
    public int Objects { get; init; }
    public int Changed { get; init; }
    public int Unchanged { get; init; }
    public int Invalid { get; init; }
    public string? Error { get; init; }
    public required string CorrelationId { get; init; }

    /// <summary>The page to ask next (the <c>Link</c> of the last page recorded); null before the first page and after the last.</summary>
    public string? NextUrl { get; init; }

    public bool InProgress => Status is SyncStatus.Queued or SyncStatus.Running;
}
