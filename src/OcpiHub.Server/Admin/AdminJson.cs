using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcpiHub.Server.Admin;

/// <summary>The admin API's JSON: snake_case, and bodies read so that a malformed one gets a 400 saying why.</summary>
public static class AdminJson
{
    public static readonly JsonSerializerOptions Options = Configure(new(JsonSerializerDefaults.Web));

    /// <summary>
    /// Makes <paramref name="options"/> the admin API's: also applied to the hub's typed results, so that they and
    /// the OpenAPI document's schemas are snake_case too.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }

    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context) where T : class
    {
        var (body, problem) = await ParseAsync<T>(context);
        return (body, problem is null ? null : BadRequest(problem));
    }

    /// <summary>The body, or why it is not one (for endpoints with typed results).</summary>
    public static async Task<(T? Body, string? Problem)> ParseAsync<T>(HttpContext context) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Options, context.RequestAborted);
            return body is null ? (null, "a JSON object is required") : (body, null);
        }
        catch (JsonException e)
        {
            return (null, "malformed JSON body: " + e.Message.Split(" Path:")[0]);
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
