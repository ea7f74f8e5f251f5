using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcpiHub.Server.Admin;

/// <summary>The admin API's JSON: snake_case, and bodies read so that a malformed one gets a 400 saying why.</summary>
public static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Options, context.RequestAborted);
            return body is null ? (null, BadRequest("a JSON object is required")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest("malformed JSON body: " + e.Message.Split(" Path:")[0]));
        }
    }

    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, BadRequest("a JSON object is required"));
        }
        catch (JsonException e)
        {
            return (null, BadRequest("malformed JSON body: " + e.Message.Split(" Path:")[0]));
        }
    }

    public static IResult BadRequest(string reason) => Results.Json(new AdminError(reason), Options, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Error(int status, string reason, int? ocpiStatus = null) => Results.Json(new AdminError(reason, ocpiStatus), Options, statusCode: status);

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);
}
