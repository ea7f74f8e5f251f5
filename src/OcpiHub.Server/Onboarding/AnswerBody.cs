using System.Buffers;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// A partner's answer read whole into a buffer rented from the shared pool, doubled as the bytes arrive, within the hub's
/// limit (<c>Hub:MaxPartnerAnswerBytes</c>): a page of 1,000 Locations is megabytes, and a new array for each would live
/// on the large-object heap. Whoever holds the body last disposes it, returning the buffer: the caller of a single
/// answer as soon as it is read, a page (<see cref="Take"/>) once its items are read.
/// </summary>
public sealed class AnswerBody : IDisposable
{
    private const int FirstBufferBytes = 16 * 1024;
    private byte[]? buffer;

    private AnswerBody(byte[] buffer, int length) => (this.buffer, Length) = (buffer, length);

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (buffer ?? throw new ObjectDisposedException(nameof(AnswerBody))).AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>
    /// Reads <paramref name="content"/> to its end; over <paramref name="limit"/> bytes (by its <c>Content-Length</c>
    /// or as it turns out while read) it throws <see cref="AnswerTooLargeException"/> without reading further.
    /// </summary>
    public static async Task<AnswerBody> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
            throw new AnswerTooLargeException(limit);
        // The buffer grows as bytes arrive: a declared length is the partner's word, and a partner announcing the limit and
        // sending nothing would otherwise hold that much memory per call. One byte over a short declared length, so that
        // reading the end of a body of exactly that length needs no larger buffer.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(declared + 1 ?? FirstBufferBytes, FirstBufferBytes), limit + 1));
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                    buffer = Grow(buffer, length, limit);
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    return new AnswerBody(buffer, length);
                length += read;
                if (length > limit)
                    throw new AnswerTooLargeException(limit);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A body holding this one's buffer, which this one no longer returns: for a reader that keeps the bytes past the call.</summary>
    public AnswerBody Take()
    {
        var taken = new AnswerBody(buffer ?? throw new ObjectDisposedException(nameof(AnswerBody)), Length);
        buffer = null;
        return taken;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref buffer, null) is { } returned)
            ArrayPool<byte>.Shared.Return(returned);
    }

    private static byte[] Grow(byte[] full, int length, long limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)full.Length * 2, limit + 1));
        full.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }
}

/// <summary>A partner's answer larger than the hub reads (<c>Hub:MaxPartnerAnswerBytes</c>).</summary>
public sealed class AnswerTooLargeException(long limit) : Exception($"the answer is larger than the hub reads ({limit} bytes, Hub:MaxPartnerAnswerBytes)");
