using OcpiHub.Core.Data;

namespace OcpiHub.Storage;

/// <summary>Removes ended deliveries (delivered or dead) with their payloads, a bounded batch at a time.</summary>
public sealed class DeliveryRetentionStore(HubDatabase database)
{
    /// <summary>
    /// Deletes up to <paramref name="batch"/> deliveries of <paramref name="status"/> that ended before
    /// <paramref name="cutoff"/>, oldest first; how many it deleted. One short write: on SQLite the one writer is
    /// held only for one batch. The conditions are repeated on the deleted rows themselves, so a dead letter
    /// re-driven meanwhile (pending again) is not deleted.
    /// </summary>
    public Task<int> DeleteEndedBeforeAsync(DeliveryStatus status, DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("""
            DELETE FROM deliveries
            WHERE status = @status AND ended_at < @cutoff AND seq IN (
                SELECT seq FROM deliveries WHERE status = @status AND ended_at < @cutoff ORDER BY ended_at LIMIT @batch)
            """, new { status = status.ToString(), cutoff = cutoff.ToUnixTimeMilliseconds(), batch }, cancellationToken);
}
