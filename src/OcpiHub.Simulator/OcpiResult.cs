using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Simulator;

/// <summary>
/// An OCPI response: the <c>{data, status_code, status_message, timestamp}</c> envelope in the partner's version,
/// with an HTTP status. Data is any model registered for that version, or none.
/// </summary>
internal sealed class OcpiResult(int httpStatus, int ocpiStatus, object? data = null, string? message = null) : IResult
{
    public static OcpiResult Success(object? data = null) => new(StatusCodes.Status200OK, OcpiStatusCodes.Success, data);

    public static OcpiResult Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, OcpiStatusCodes.ClientError, message: message);

    public static OcpiResult MethodNotAllowed(string message) =>
        new(StatusCodes.Status405MethodNotAllowed, OcpiStatusCodes.ClientError, message: message);

    public static OcpiResult NotFound(string message) =>
        new(StatusCodes.Status404NotFound, OcpiStatusCodes.ClientError, message: message);

    public Task ExecuteAsync(HttpContext http)
    {
        var partner = PartnerContext.Of(http);
        var version = partner.Options.Version;
        var envelope = new OcpiResponse<JsonNode>
        {
            Data = DataNode(data, version),
            StatusCode = OcpiStatusCodes.For(version, ocpiStatus),
            StatusMessage = message,
            Timestamp = partner.Options.Time.GetUtcNow(),
        };
        http.Response.StatusCode = httpStatus;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(OcpiJson.Serialize(envelope, version), http.RequestAborted);
    }

    // Serialised through the version's context first, so any model of that version can be the data.
    private static JsonNode? DataNode(object? data, OcpiVersion version) => data switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonNode.Parse(OcpiJson.Serialize(data, version)),
    };
}
