using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>The OpenAPI document describes the sync endpoints' bodies as they are on the wire (snake_case), each answer with its schema.</summary>
public sealed class SyncApiDocumentTests
{
    private static readonly string[] RunFields =
    [
        "id", "platform_id", "module", "kind", "trigger", "status", "date_from", "date_to", "started_at", "finished_at",
        "pages", "objects", "changed", "unchanged", "invalid", "error", "correlation_id",
    ];

    [Fact]
    public async Task The_openapi_document_gives_the_sync_endpoints_request_and_response_schemas()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient();
        var document = JsonNode.Parse(await http.GetStringAsync($"{hub.BaseUrl}/openapi/v1.json"))!;
        var paths = document["paths"]!;

        var start = paths["/admin/syncs"]!["post"]!;
        Assert.Equal(["kind", "modules", "platform_id"], Fields(document, start["requestBody"]!["content"]!["application/json"]!["schema"]!));
        Assert.Equal(RunFields.Order(), Fields(document, Answer(start, "202")));
        foreach (var status in new[] { "400", "404", "409" })
            Assert.Equal(ProblemFields, Fields(document, Answer(start, status, "application/problem+json")));

        Assert.Equal(RunFields.Order(), Fields(document, Answer(paths["/admin/syncs"]!["get"]!, "200")));
        Assert.Equal(RunFields.Append("problems").Order(), Fields(document, Answer(paths["/admin/syncs/{id}"]!["get"]!, "200")));

        var cancel = paths["/admin/syncs/{id}/cancel"]!["post"]!;
        Assert.Equal(RunFields.Order(), Fields(document, Answer(cancel, "200")));
        Assert.Equal(RunFields.Order(), Fields(document, Answer(cancel, "202")));
        Assert.Equal(ProblemFields, Fields(document, Answer(cancel, "409", "application/problem+json")));
        Assert.Equal(ProblemFields, Fields(document, Answer(cancel, "404", "application/problem+json")));
    }

    /// <summary>An error: problem details that keep <c>error</c> (and <c>ocpi_status_code</c>) for the clients that read them.</summary>
    private static readonly string[] ProblemFields = ["detail", "error", "ocpi_status_code", "status", "title"];

    private static JsonNode Answer(JsonNode operation, string status, string contentType = "application/json") =>
        operation["responses"]?[status]?["content"]?[contentType]?["schema"]
        ?? throw new Xunit.Sdk.XunitException($"no JSON schema for {status} in {operation.ToJsonString()}");

    /// <summary>The property names of an object schema, or of the items of an array schema, following <c>$ref</c>s; sorted.</summary>
    private static IEnumerable<string> Fields(JsonNode document, JsonNode schema)
    {
        while (true)
        {
            if (schema["$ref"] is { } reference)
                schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!;
            else if (schema["items"] is { } items)
                schema = items;
            else
                return schema["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
        }
    }
}
