using System.Text.Json.Nodes;
using Spectre.Console;

namespace OcpiHub.Server.Cli;

/// <summary>
/// The <c>platforms</c>, <c>agreements</c>, <c>deliveries</c>, <c>messages</c> and <c>sync</c> commands: admin API
/// calls printed as tables. The exit code: 0, or 1 when a sync run waited for did not succeed.
/// </summary>
public static class ManagementCommands
{
    /// <summary>The command, printed as plain text to <paramref name="output"/>.</summary>
    public static Task<int> RunAsync(CliArguments cli, AdminApiClient client, TextWriter output) => RunAsync(cli, client, CliConsole.Plain(output));

    public static async Task<int> RunAsync(CliArguments cli, AdminApiClient client, IAnsiConsole output)
    {
        if (cli.Word(0) == "sync")
            return await SyncCommands.RunAsync(cli, client, output);
        switch (cli.Word(0), cli.Word(1))
        {
            case ("platforms", "register"):
                var registered = await client.CallAsync(HttpMethod.Post, "admin/platforms",
                    new { name = Required(cli, "name"), role = cli["role"], country_code = cli["country"], party_id = cli["party"] });
                output.WriteLine($"Platform {registered!["id"]} registered. Give the partner:");
                output.WriteLine($"  versions URL: {registered["versions_url"]}");
                output.WriteLine($"  token A:      {registered["token_a"]}");
                break;
            case ("platforms", "connect"):
                var connected = await client.CallAsync(HttpMethod.Post, "admin/platforms/connect", new
                {
                    name = Required(cli, "name"), versions_url = Required(cli, "versions-url"), token_a = Required(cli, "token-a"),
                    role = cli["role"], country_code = cli["country"], party_id = cli["party"],
                });
                WritePlatforms(output, [connected!]);
                break;
            case ("platforms", "list"):
                WritePlatforms(output, (await client.CallAsync(HttpMethod.Get, "admin/platforms"))!.AsArray().Select(p => p!).ToList());
                break;
            case ("platforms", "show"):
                var shown = await client.CallAsync(HttpMethod.Get, $"admin/platforms/{Id(cli)}");
                WritePlatforms(output, [shown!]);
                Table.Write(output, ["setting", "value"], shown!["settings"]!.AsObject().Select(s => (IReadOnlyList<string?>)[s.Key, s.Value?.ToJsonString()]));
                break;
            case ("platforms", "set"):
                var changed = await client.CallAsync(HttpMethod.Patch, $"admin/platforms/{Id(cli)}", Changes(cli.Words.Skip(3)));
                WritePlatforms(output, [changed!]);
                break;
            case ("platforms", "remove"):
                await client.CallAsync(HttpMethod.Delete, $"admin/platforms/{Id(cli)}");
                output.WriteLine($"Platform {Id(cli)} removed.");
                break;
            case ("agreements", "add"):
                WriteAgreements(output, [(await client.CallAsync(HttpMethod.Post, "admin/agreements", new { cpo = Required(cli, "cpo"), emsp = Required(cli, "emsp") }))!]);
                break;
            case ("agreements", "list"):
                WriteAgreements(output, (await client.CallAsync(HttpMethod.Get, "admin/agreements"))!.AsArray().Select(a => a!).ToList());
                break;
            case ("agreements", "suspend"):
                WriteAgreements(output, [(await client.CallAsync(HttpMethod.Post, $"admin/agreements/{Id(cli)}/suspend"))!]);
                break;
            case ("agreements", "remove"):
                WriteAgreements(output, [(await client.CallAsync(HttpMethod.Delete, $"admin/agreements/{Id(cli)}"))!]);
                break;
            case ("deliveries", "list"):
                var deliveries = (await client.CallAsync(HttpMethod.Get, $"admin/deliveries?status={cli["status"] ?? "pending"}"))!.AsArray().Select(d => d!).ToList();
                Table.Write(output, ["id", "receiver", "module", "method", "path", "status", "attempts", "last error"], deliveries.Select(d => (IReadOnlyList<string?>)
                    [Text(d["id"]), Text(d["receiver"]), Text(d["module"]), Text(d["method"]), Text(d["path"]), Text(d["status"]), Text(d["attempts"]), Text(d["last_error"])]));
                break;
            case ("deliveries", "retry"):
                await client.CallAsync(HttpMethod.Post, $"admin/deliveries/{Id(cli)}/retry");
                output.WriteLine($"Delivery {Id(cli)} is due again.");
                break;
            case ("messages", ""):
                WriteMessages(output, (await client.CallAsync(HttpMethod.Get, MessagesPath(cli)))!.AsArray().Select(m => m!).ToList(), cli.Has("correlation-id"));
                break;
            default:
                throw Unknown(cli);
        }
        return 0;
    }

    public static CliException Unknown(CliArguments cli) => new($"unknown command '{string.Join(' ', cli.Words)}'; see ocpihub --help");

    private static void WritePlatforms(IAnsiConsole output, IReadOnlyList<JsonNode> platforms) => Table.Write(output,
        ["id", "name", "status", "version", "parties"],
        platforms.Select(p => (IReadOnlyList<string?>)
        [
            Text(p["id"]), Text(p["name"]), Text(p["status"]), Text(p["version"]) ?? "-",
            string.Join(", ", p["parties"]!.AsArray().Select(x => $"{x!["country_code"]}*{x["party_id"]} {x["role"]}")),
        ]));

    private static void WriteAgreements(IAnsiConsole output, IReadOnlyList<JsonNode> agreements) => Table.Write(output,
        ["id", "cpo", "emsp", "status"],
        agreements.Select(a => (IReadOnlyList<string?>)[Text(a["id"]), Text(a["cpo"]), Text(a["emsp"]), Text(a["status"])]));

    private static string MessagesPath(CliArguments cli)
    {
        var filters = new[] { ("correlation-id", "correlation_id"), ("platform", "platform"), ("from", "from"), ("to", "to"), ("limit", "limit") }
            .Where(f => cli[f.Item1] is not null)
            .Select(f => $"{f.Item2}={Uri.EscapeDataString(cli[f.Item1]!)}");
        return "admin/messages?" + string.Join('&', filters);
    }

    /// <summary>One line per exchange; the correlation id is left out when it is the one asked for.</summary>
    private static void WriteMessages(IAnsiConsole output, IReadOnlyList<JsonNode> messages, bool oneCorrelation)
    {
        IReadOnlyList<string> headers = ["time", "dir", "platform", "from", "to", "module", "method", "path", "ocpi", "http", "ms", "request id"];
        Table.Write(output, oneCorrelation ? headers : [.. headers, "correlation id"], messages.Select(m =>
        {
            IReadOnlyList<string?> row =
            [
                Text(m["time"]), Text(m["direction"]), Text(m["platform_id"]) ?? "-", Text(m["from"]) ?? "-", Text(m["to"]) ?? "-",
                Text(m["module"]) ?? "-", Text(m["method"]), Text(m["path"]), Text(m["ocpi_status"]) ?? "-", Text(m["http_status"]),
                Text(m["latency_ms"]), Text(m["request_id"]),
            ];
            return oneCorrelation ? row : [.. row, Text(m["correlation_id"])];
        }));
    }

    /// <summary><c>name=X</c> changes the name; any other <c>key=value</c> a setting (value read as JSON, else as text).</summary>
    private static JsonObject Changes(IEnumerable<string> pairs)
    {
        var settings = new JsonObject();
        var body = new JsonObject();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new CliException($"'{pair}' is not key=value");
            var (key, value) = (pair[..eq], pair[(eq + 1)..]);
            if (key == "name")
                body["name"] = value;
            else
                settings[key] = ParseValue(value);
        }
        if (settings.Count > 0)
            body["settings"] = settings;
        return body;
    }

    private static JsonNode? ParseValue(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(value);
        }
    }

    public static string Required(CliArguments cli, string option) => cli[option] ?? throw new CliException($"--{option} is required");

    public static string Id(CliArguments cli) => cli.Word(2) is { Length: > 0 } id ? id : throw new CliException("an id is required");

    public static string? Text(JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();
}
