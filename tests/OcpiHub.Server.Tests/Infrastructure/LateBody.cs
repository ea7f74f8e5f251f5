namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A JSON body whose first byte is sent at once and the rest after a pause: a request that reaches the
/// hub whole only late, as from a partner on a slow link.
/// </summary>
public sealed class LateBody : HttpContent
{
    private readonly byte[] json;
    private readonly TimeSpan pause;

    public LateBody(string json, TimeSpan pause)
    {
        (this.json, this.pause) = (System.Text.Encoding.UTF8.GetBytes(json), pause);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(" "u8.ToArray());
        await stream.FlushAsync();
        await Task.Delay(pause);
        await stream.WriteAsync(json);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
