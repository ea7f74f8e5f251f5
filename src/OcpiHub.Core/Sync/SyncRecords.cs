using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Sync;

/// <summary>An object a run skipped (invalid, or of a party the platform does not carry): its id when it had one, and why.</summary>
public sealed record SyncProblem(string? ObjectId, string Problem);

/// <summary>
/// What one page added to a run: its counters, the problems found on it and the URL of the next page (null when it
/// was the last).
/// </summary>
public sealed record SyncPage(int Objects, int Changed, int Unchanged, int Invalid, string? NextUrl, IReadOnlyList<SyncProblem> Problems);

/// <summary>A run with its first <see cref="MaxProblems"/> problems.</summary>
public sealed record SyncRunDetails(SyncRun Run, IReadOnlyList<SyncProblem> Problems)
{
    public const int MaxProblems = 100;
}

/// <summary>What the planner needs of a platform's module: its last successful run and the run in progress, if any.</summary>
public sealed record SyncHistory(string PlatformId, DataModule Module, SyncRun? LastSucceeded, SyncRun? InProgress);

/// <summary>A listing of runs, newest first; each filter optional.</summary>
public sealed record SyncRunQuery(string? PlatformId = null, DataModule? Module = null, SyncStatus? Status = null, int Limit = SyncRunQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
