namespace OcpiHub.Server.Ocpi;

/// <summary>
/// Reads a request body whole, within the hub's size limit (<c>Hub:MaxRequestBodyBytes</c>; over it Kestrel throws, answered
/// 413). A forwarding budget does not cut it short: a sender answered before its body is in has its connection reset
/// rather than read the answer, so it is answered once the body is whole (4002, when that took the budget).
/// </summary>
public static class OcpiBody
{
    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.Ocpi().ConnectionAborted ?? context.RequestAborted);
        return buffer.ToArray();
    }
}
