namespace OcpiHub.Server.Ocpi;

/// <summary>Reads a request body whole, within the hub's size limit.</summary>
public static class OcpiBody
{
    /// <summary>The largest body the hub reads: a Location with a thousand EVSEs fits many times over.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
