namespace OcpiHub.Core.Nodes;

/// <summary>
/// A hold on shared work by one node until a moment: other nodes leave the work alone until then, and take it over
/// once it has passed without a renewal (the node died).
/// </summary>
public sealed record NodeLease(string Node, DateTimeOffset Until);
