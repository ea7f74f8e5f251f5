namespace OcpiHub.Core.Sync;

/// <summary>Pulling from platforms (section <c>Hub:Sync</c> of the configuration): the schedule, cron expressions in UTC, and the page budget.</summary>
public sealed class SyncOptions
{
    /// <summary>Off: the schedule starts no runs (operators still start them by hand).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When full runs start: Saturday 01:00 UTC.</summary>
    public string FullSchedule { get; set; } = "0 1 * * 6";

    /// <summary>When delta runs start: every other day 01:00 UTC.</summary>
    public string DeltaSchedule { get; set; } = "0 1 * * 0-5";

    /// <summary>Runs a node carries on at once (each of another platform).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The time budget of one try of one page.</summary>
    public double PageTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How long a node holds a run without renewing it (it renews at every page and a third of this apart): a run
    /// whose node died is taken over by another node this long after its last renewal, from its next page.
    /// </summary>
    public double LeaseSeconds { get; set; } = 30;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
