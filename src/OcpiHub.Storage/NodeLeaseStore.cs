using OcpiHub.Core.Nodes;

namespace OcpiHub.Storage;

/// <summary>
/// Work one node of several does at a time (the connection probe, the message log's retention), by name in
/// <c>node_leases</c>: a node holds it while it renews its lease, another takes it once the lease has passed. A row,
/// not a session advisory lock, so that it holds behind PgBouncer in transaction mode too.
/// </summary>
public sealed class NodeLeaseStore(HubDatabase database, TimeProvider clock)
{
    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="lease"/>'s node; false when another node holds it.</summary>
    public async Task<bool> HoldAsync(string name, NodeLease lease, CancellationToken cancellationToken = default) =>
        // One statement: of nodes asking at once, one writes the row and the others find it held.
        await database.ExecuteWriteAsync("""
            INSERT INTO node_leases (name, owner_node, lease_until) VALUES (@name, @node, @until)
            ON CONFLICT (name) DO UPDATE SET owner_node = excluded.owner_node, lease_until = excluded.lease_until
            WHERE node_leases.owner_node = excluded.owner_node OR node_leases.lease_until < @now
            """, new { name, node = lease.Node, until = lease.Until.ToUnixTimeMilliseconds(), now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken) == 1;
}
