namespace OcpiHub.Server.Ocpi;

/// <summary>Reads a request body whole, within the hub's size limit (<c>Hub:MaxRequestBodyBytes</c>; over it Kestrel throws, answered 413).</summary>
public static class OcpiBody
{
    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
