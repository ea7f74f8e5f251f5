namespace OcpiHub.Core.Sync;

/// <summary>The sync schedule (section <c>Hub:Sync</c> of the configuration): cron expressions in UTC.</summary>
public sealed class SyncOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>When full runs start: Saturday 01:00 UTC.</summary>
    public string FullSchedule { get; set; } = "0 1 * * 6";

    /// <summary>When delta runs start: every other day 01:00 UTC.</summary>
    public string DeltaSchedule { get; set; } = "0 1 * * 0-5";
}
