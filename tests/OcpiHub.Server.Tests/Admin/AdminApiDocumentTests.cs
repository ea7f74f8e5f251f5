using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Admin;

/// <summary>
/// The OpenAPI document describes the whole admin API: every body an operation reads and every answer it gives
/// (success and error) has a schema with its fields, so a client can be generated from the document alone.
/// </summary>
public sealed class AdminApiDocumentTests
{
    /// <summary>The operations that read a body (the others take their input from the path and query).</summary>
    private static readonly string[] WithBody =
        ["post /admin/platforms", "post /admin/platforms/connect", "patch /admin/platforms/{id}", "post /admin/agreements", "post /admin/syncs"];

    [Fact]
    public async Task Every_admin_operation_has_schemas_for_its_body_and_its_answers()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient();
        var document = JsonNode.Parse(await http.GetStringAsync($"{hub.BaseUrl}/openapi/v1.json"))!;

        var operations = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/admin/", StringComparison.Ordinal) || p.Key == "/admin")
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key} {p.Key}", Operation: o.Value!))).ToList();
        Assert.True(operations.Count >= 18, $"only {operations.Count} admin operations in the document");
        var missing = new List<string>();
        foreach (var (name, operation) in operations)
        {
            if (WithBody.Contains(name) && !HasFields(document, operation["requestBody"]?["content"]?["application/json"]?["schema"]))
                missing.Add($"{name}: request body");
            var answers = operation["responses"]!.AsObject();
            if (!answers.Any(a => a.Key.StartsWith('2')))
                missing.Add($"{name}: no success answer");
            foreach (var (status, answer) in answers.Where(a => a.Key != "204"))
            {
                if (!HasFields(document, answer!["content"]?.AsObject().FirstOrDefault().Value?["schema"]))
                    missing.Add($"{name}: answer {status}");
            }
            if (!answers.ContainsKey("401"))
                missing.Add($"{name}: answer 401 (no admin key)");
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Errors_are_problem_details_that_keep_the_error_field()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);

        using var response = await hub.Admin.GetAsync("admin/platforms/nothing-here");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(404, problem["status"]!.GetValue<int>());
        Assert.Equal("Not Found", problem["title"]!.GetValue<string>());
        Assert.Equal("no platform nothing-here", problem["detail"]!.GetValue<string>());
        Assert.Equal("no platform nothing-here", problem["error"]!.GetValue<string>());
    }

    /// <summary>Whether <paramref name="schema"/> (following <c>$ref</c>s and array items) is an object schema with properties.</summary>
    private static bool HasFields(JsonNode document, JsonNode? schema)
    {
        while (schema is not null)
        {
            if (schema["$ref"] is { } reference)
                schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
            else if (schema["items"] is { } items)
                schema = items;
            else
                return schema["properties"] is JsonObject { Count: > 0 };
        }
        return false;
    }
}
