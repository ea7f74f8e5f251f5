using OcpiHub.Core.Nodes;

namespace OcpiHub.Core.Sync;

/// <summary>Sync runs and the problems they found. At most one run per platform and module is queued or running.</summary>
public interface ISyncRunStore
{
    /// <summary>
    /// Queues the planned run; null when the platform and module already have a run queued or running (then
    /// nothing is stored).
    /// </summary>
    Task<SyncRun?> QueueAsync(PlannedSync planned, SyncTrigger trigger, string correlationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the run for <paramref name="lease"/>'s node and marks it RUNNING: a queued run, a running run of that
    /// node, or a running run whose lease has passed (its node died). False when another node holds it or it ended.
    /// </summary>
    Task<bool> ClaimAsync(string id, NodeLease lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of a run the node holds; false when it no longer does (ended, or taken over).</summary>
    Task<bool> RenewAsync(string id, NodeLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a page's counters, problems and next URL in one transaction and renews the lease; false when the run is
    /// not running in the lease's node's hands.
    /// </summary>
    Task<bool> RecordPageAsync(string id, SyncPage page, NodeLease lease, CancellationToken cancellationToken = default);

    /// <summary>Adds problems found outside a page (a page that could not be read at all, say).</summary>
    Task AddProblemsAsync(string id, IReadOnlyCollection<SyncProblem> problems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a queued or running run as SUCCEEDED, FAILED (with <paramref name="error"/>) or CANCELLED; false when it
    /// had already ended, or when <paramref name="holder"/> is named and that node no longer holds the run.
    /// </summary>
    Task<bool> FinishAsync(string id, SyncStatus outcome, string? error = null, string? holder = null, CancellationToken cancellationToken = default);

    Task<SyncRunDetails?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The runs matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<SyncRun>> ListAsync(SyncRunQuery query, CancellationToken cancellationToken = default);

    /// <summary>For every platform and module with a successful run or a run in progress: its last successful run and its run in progress.</summary>
    Task<IReadOnlyList<SyncHistory>> HistoryAsync(CancellationToken cancellationToken = default);

    /// <summary>The runs queued or running, oldest first: what a starting hub resumes.</summary>
    Task<IReadOnlyList<SyncRun>> InProgressAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The runs in progress that <paramref name="node"/> may claim now (<see cref="ClaimAsync"/>), oldest first: queued,
    /// its own, or left by a node whose lease ran out; not those another node is running.
    /// </summary>
    Task<IReadOnlyList<SyncRun>> ClaimableAsync(string node, CancellationToken cancellationToken = default);
}
