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

    /// <summary>The body as a <typeparamref name="T"/> (a <see cref="JsonObject"/> for one read field by field), or why it is not one.</summary>
    public static async Task<(T? Body, string? Problem)> ParseAsync<T>(HttpContext context) where T : class
    {
        try
        {
            var body = typeof(T) == typeof(JsonObject)
                ? await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as T
                : await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Options, context.RequestAborted);
            return body is null ? (null, "a JSON object is required") : (body, null);
        }
        catch (JsonException e)
        {
            return (null, "malformed JSON body: " + e.Message.Split(" Path:")[0]);
        }
    }
}
