namespace OcpiHub.Core.Messages;

/// <summary>The log of every OCPI exchange in and out of the hub, for operators following a correlation id.</summary>
public interface IMessageLog
{
    Task AppendAsync(IReadOnlyCollection<MessageEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<MessageEntry>> QueryAsync(MessageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="batch"/> of the entries older than <paramref name="cutoff"/>, oldest first; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default);
}
