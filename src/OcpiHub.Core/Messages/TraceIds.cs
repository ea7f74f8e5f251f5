namespace OcpiHub.Core.Messages;

/// <summary>
/// The request and correlation ids the hub makes (for a request that came without them, for its own calls and jobs).
/// Time-ordered UUIDs (version 7): the message log indexes correlation ids, and random ones put every entry on a
/// different page of that index, each written whole at its commit; ids made in order are appended (docs/benchmarks.md).
/// </summary>
public static class TraceIds
{
    public static string New() => Guid.CreateVersion7().ToString();
}
