namespace OcpiHub.Core.Sync;

/// <summary>Sync runs and the problems they found. At most one run per platform and module is queued or running.</summary>
public interface ISyncRunStore
{
    /// <summary>
    /// Queues the planned run; null when the platform and module already have a run queued or running (then
    /// nothing is stored).
    /// </summary>
    Task<SyncRun?> QueueAsync(PlannedSync planned, SyncTrigger trigger, string correlationId, CancellationToken cancellationToken = default);

    /// <summary>Marks a queued run RUNNING; false when it is not queued (any more).</summary>
    Task<bool> StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Adds a page's counters, problems and next URL in one transaction; false when the run is not running.</summary>
    Task<bool> RecordPageAsync(string id, SyncPage page, CancellationToken cancellationToken = default);

    /// <summary>Adds problems found outside a page (a page that could not be read at all, say).</summary>
    Task AddProblemsAsync(string id, IReadOnlyCollection<SyncProblem> problems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a queued or running run as SUCCEEDED, FAILED (with <paramref name="error"/>) or CANCELLED; false when it
    /// had already ended.
    /// </summary>
    Task<bool> FinishAsync(string id, SyncStatus outcome, string? error = null, CancellationToken cancellationToken = default);

    Task<SyncRunDetails?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The runs matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<SyncRun>> ListAsync(SyncRunQuery query, CancellationToken cancellationToken = default);

    /// <summary>For every platform and module with a successful run or a run in progress: its last successful run and its run in progress.</summary>
    Task<IReadOnlyList<SyncHistory>> HistoryAsync(CancellationToken cancellationToken = default);

    /// <summary>The runs queued or running, oldest first: what a starting hub resumes.</summary>
    Task<IReadOnlyList<SyncRun>> InProgressAsync(CancellationToken cancellationToken = default);
}
