using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// A partner's answer read into a pooled buffer: whole whether or not its length was declared, refused over the limit
/// either way, and kept by whoever takes it.
/// </summary>
public sealed class AnswerBodyTests
{
    private static readonly byte[] Answer = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_is_read_whole_whether_or_not_its_length_was_declared(bool declared)
    {
        using var body = await AnswerBody.ReadAsync(Content(Answer, declared), limit: 1_000_000, CancellationToken.None);

        Assert.Equal(Answer, body.Span.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_one_byte_over_the_limit_is_refused_whether_or_not_its_length_was_declared(bool declared)
    {
        var refused = await Assert.ThrowsAsync<AnswerTooLargeException>(() =>
            AnswerBody.ReadAsync(Content(Answer, declared), limit: Answer.Length - 1, CancellationToken.None));

        Assert.Contains($"{Answer.Length - 1} bytes", refused.Message, StringComparison.Ordinal);
        using var atTheLimit = await AnswerBody.ReadAsync(Content(Answer, declared), limit: Answer.Length, CancellationToken.None);
        Assert.Equal(Answer.Length, atTheLimit.Length);
    }

    [Fact]
    public async Task A_declared_length_reserves_no_memory_before_the_bytes_arrive()
    {
        // A partner announces 64 MB, sends a little and hangs up: the buffers offered to its stream grow with what came.
        var stream = new DroppedAfter(Answer.AsSpan(0, 1000).ToArray());
        var content = new StreamContent(stream);
        content.Headers.ContentLength = 64L * 1024 * 1024;

        await Assert.ThrowsAsync<IOException>(() => AnswerBody.ReadAsync(content, limit: 64L * 1024 * 1024, CancellationToken.None));

        Assert.InRange(stream.LargestBufferOffered, 1, 64 * 1024);
    }

    [Fact]
    public async Task A_taken_body_keeps_the_bytes_its_giver_no_longer_holds()
    {
        var giver = await AnswerBody.ReadAsync(Content(Answer, declared: true), limit: 1_000_000, CancellationToken.None);

        using var taken = giver.Take();
        giver.Dispose();

        Assert.Throws<ObjectDisposedException>(() => giver.Memory);
        Assert.Equal(Answer, taken.Span.ToArray());
    }

    /// <summary>The bytes as an HTTP body, with a <c>Content-Length</c> or, like a chunked answer, without one.</summary>
    private static HttpContent Content(byte[] bytes, bool declared) =>
        declared ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>Gives <paramref name="bytes"/>, then fails as a connection the partner closed; notes the largest buffer it was asked to fill.</summary>
    private sealed class DroppedAfter(byte[] bytes) : MemoryStream(bytes)
    {
        public int LargestBufferOffered { get; private set; }

        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestBufferOffered = Math.Max(LargestBufferOffered, buffer.Length);
            return Position < Length ? base.ReadAsync(buffer, cancellationToken) : ValueTask.FromException<int>(new IOException("the partner closed the connection"));
        }
    }
}
