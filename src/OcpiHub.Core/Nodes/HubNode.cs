namespace OcpiHub.Core.Nodes;

/// <summary>
/// This hub process among the nodes sharing one database: it owns the leases it takes (deliveries, scheduled work),
/// releases only those at start, and names itself in its log scopes. <c>Hub:NodeId</c>; by default the host name
/// and process id, unique on one machine and readable where leases are listed.
/// </summary>
public sealed class HubNode
{
    /// <summary>Longer ids are refused: the id is stored on every lease.</summary>
    public const int MaxIdLength = 100;

    /// <summary>The node named <paramref name="id"/>; empty or null = <see cref="DefaultId"/>.</summary>
    public HubNode(string? id)
    {
        Id = string.IsNullOrWhiteSpace(id) ? DefaultId() : id.Trim();
        if (Id.Length > MaxIdLength || Id.Any(char.IsControl))
            throw new ArgumentException($"Hub:NodeId must be at most {MaxIdLength} printable characters, not \"{Id}\"");
    }

    public string Id { get; }

    /// <summary>The id a node takes when none is configured: unique among the processes of one machine.</summary>
    public static string DefaultId() => $"{Environment.MachineName}-{Environment.ProcessId}";

    public override string ToString() => Id;
}
