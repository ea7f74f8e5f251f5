using System.Text.Json;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// The one writer of OCPI response envelopes: <c>{data, status_code, status_message, timestamp}</c> with the
/// data in the caller's version, and the HTTP status beside it.
/// </summary>
public sealed class OcpiResult(object? data, OcpiVersion version, int statusCode, string? message, int httpStatus) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        if (data is not null)
        {
            writer.WritePropertyName("data");
            if (data is WireJson wire)
                wire.WriteTo(writer);
            else
                JsonSerializer.Serialize(writer, data, OcpiJson.TypeInfo(data.GetType(), version));
        }
        var wireStatus = OcpiStatusCodes.For(version, statusCode);
        context.Ocpi().OcpiStatusWritten = wireStatus;
        writer.WriteNumber("status_code", wireStatus);
        if (message is not null)
            writer.WriteString("status_message", message);
        writer.WriteString("timestamp", OcpiDateTimeConverter.Format(clock.GetUtcNow()));
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

public static class OcpiResults
{
    /// <summary>The <c>status_code</c> of the envelope written for this request, if one was (the message log reads it).</summary>
    public static int? OcpiStatusWritten(this HttpContext context) => context.Features.Get<OcpiRequest>()?.OcpiStatusWritten;

    public static IResult Ok(object data, OcpiVersion version, int httpStatus = StatusCodes.Status200OK) =>
        new OcpiResult(data, version, OcpiStatusCodes.Success, null, httpStatus);

    public static IResult Ok(OcpiVersion version, int httpStatus = StatusCodes.Status200OK) =>
        new OcpiResult(null, version, OcpiStatusCodes.Success, null, httpStatus);

    /// <summary>An OCPI error; its HTTP status follows from its <paramref name="kind"/>.</summary>
    public static IResult Error(OcpiVersion version, OcpiErrorKind kind, int statusCode, string message) =>
        new OcpiResult(null, version, statusCode, message, kind.HttpStatus());

    /// <summary>An error that reached the OCPI layer: HTTP 200 with the OCPI status.</summary>
    public static IResult Refused(OcpiVersion version, int statusCode, string message) => Error(version, OcpiErrorKind.Refused, statusCode, message);

    /// <summary>A body with problems: not JSON at all is the transport's 400; JSON of the wrong shape or content reached the OCPI layer (2001).</summary>
    public static IResult InvalidBody<T>(OcpiVersion version, ReadResult<T> read) where T : class =>
        Error(version, read.NotJson ? OcpiErrorKind.NotJson : OcpiErrorKind.Refused, OcpiStatusCodes.InvalidOrMissingParameters, read.Problems.ToStatusMessage());
}
