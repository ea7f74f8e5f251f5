namespace OcpiHub.Server.Hosting;

/// <summary>
/// A retention's deletion in batches, each its own short write (on SQLite the one writer is held only for one), so the
/// hub's other writes go in between.
/// </summary>
public static class Batched
{
    /// <summary>Runs <paramref name="deleteBatch"/> (given the batch size) until it deletes fewer than a batch; how many in all.</summary>
    public static async Task<int> DeleteAllAsync(int batchSize, Func<int, Task<int>> deleteBatch)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch(batchSize);
            total += deleted;
        }
        while (deleted == batchSize);
        return total;
    }
}
