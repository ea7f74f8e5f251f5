using System.Text.Json.Nodes;
using System.CommandLine;
using Spectre.Console;

namespace OcpiHub.Server.Cli;

/// <summary>
/// The <c>platforms</c>, <c>agreements</c>, <c>deliveries</c>, <c>messages</c> and <c>objects</c> commands: admin API calls printed as
/// tables, exit code 0 (a refused call: its message and 1).
/// </summary>
public static class ManagementCommands
{
    // Symbols are made per command tree (a symbol keeps its parents), shared by the commands of one tree.
    private static Argument<string> IdArgument() => new("id") { Description = "the id, as the list shows it" };

    public static IEnumerable<Command> Of(CliSession session) => [Platforms(session), Agreements(session), Deliveries(session), Messages(session), Objects(session)];

    private static Command Objects(CliSession session) => session.Calling("objects", "what the hub's store holds, counted per owner and module", [],
        async (_, client) => Table.Write(session.Output, ["owner", "module", "objects", "evses"],
            (await client.CallAsync(HttpMethod.Get, "admin/objects"))!.AsArray().Select(c => (IReadOnlyList<string?>)
                [Text(c!["owner"]), Text(c["module"]), Text(c["objects"]), Text(c["evses"])])));

    private static Command Platforms(CliSession session)
    {
        var output = session.Output;
        var (id, role, country, party) = (IdArgument(), new Option<string>("--role") { Description = "CPO or EMSP (needed when the partner speaks 2.1.1)", HelpName = "R" },
            new Option<string>("--country") { Description = "the party's country code", HelpName = "CC" }, new Option<string>("--party") { Description = "the party id", HelpName = "PID" });
        var name = Required("--name", "the partner's name", "N");
        var versionsUrl = Required("--versions-url", "the partner's versions URL", "URL");
        var tokenA = Required("--token-a", "the token A the partner gave", "TOKEN");
        var changes = new Argument<string[]>("key=value")
        {
            Description = "name, or a setting: outbound_token_base64, pull_limit, total_count_header, v211_owner_identity_in_urls, "
                + "v211_rewrite_owner_names, push, pull (the value read as JSON, else as text)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        return new Command("platforms", "the partners the hub talks to")
        {
            session.Calling("register", "issue a token A for a partner that will connect to the hub", [name, role, country, party], async (parse, client) =>
            {
                var registered = await client.CallAsync(HttpMethod.Post, "admin/platforms",
                    new { name = parse.GetValue(name), role = parse.GetValue(role), country_code = parse.GetValue(country), party_id = parse.GetValue(party) });
                output.WriteLine($"Platform {registered!["id"]} registered. Give the partner:");
                output.WriteLine($"  versions URL: {registered["versions_url"]}");
                output.WriteLine($"  token A:      {registered["token_a"]}");
            }),
            session.Calling("connect", "connect the hub to a partner that gave it a versions URL and token A",
                [name, versionsUrl, tokenA, role, country, party], async (parse, client) => WritePlatforms(output, [(await client.CallAsync(HttpMethod.Post,
                    "admin/platforms/connect", new
                    {
                        name = parse.GetValue(name), versions_url = parse.GetValue(versionsUrl), token_a = parse.GetValue(tokenA),
                        role = parse.GetValue(role), country_code = parse.GetValue(country), party_id = parse.GetValue(party),
                    }))!])),
            session.Calling("list", "the platforms, their status, version and parties", [], async (_, client) =>
                WritePlatforms(output, (await client.CallAsync(HttpMethod.Get, "admin/platforms"))!.AsArray().Select(p => p!).ToList())),
            session.Calling("show", "one platform with its settings", [id], async (parse, client) =>
            {
                var shown = await client.CallAsync(HttpMethod.Get, $"admin/platforms/{AdminApiClient.Segment(parse.GetValue(id)!)}");
                WritePlatforms(output, [shown!]);
                Table.Write(output, ["setting", "value"], shown!["settings"]!.AsObject().Select(s => (IReadOnlyList<string?>)[s.Key, s.Value?.ToJsonString()]));
            }),
            session.Calling("set", "change a platform's name or settings", [id, changes], async (parse, client) =>
                WritePlatforms(output, [(await client.CallAsync(HttpMethod.Patch, $"admin/platforms/{AdminApiClient.Segment(parse.GetValue(id)!)}", Changes(parse.GetValue(changes) ?? [])))!])),
            session.Calling("remove", "forget a platform and its tokens", [id], async (parse, client) =>
            {
                await client.CallAsync(HttpMethod.Delete, $"admin/platforms/{AdminApiClient.Segment(parse.GetValue(id)!)}");
                output.WriteLine($"Platform {parse.GetValue(id)} removed.");
            }),
        };
    }

    private static Command Agreements(CliSession session)
    {
        var id = IdArgument();
        var cpo = Required("--cpo", "the CPO party", "NL*ABC");
        var emsp = Required("--emsp", "the eMSP party", "DE*XYZ");
        Command Calling(string name, string description, Symbol[] symbols, Func<ParseResult, AdminApiClient, Task<JsonNode?>> call) =>
            session.Calling(name, description, symbols, async (parse, client) => WriteAgreements(session.Output, [(await call(parse, client))!]));
        return new Command("agreements", "the roaming agreements between CPOs and eMSPs")
        {
            Calling("add", "make a roaming agreement", [cpo, emsp], (parse, client) =>
                client.CallAsync(HttpMethod.Post, "admin/agreements", new { cpo = parse.GetValue(cpo), emsp = parse.GetValue(emsp) })),
            session.Calling("list", "the agreements", [], async (_, client) =>
                WriteAgreements(session.Output, (await client.CallAsync(HttpMethod.Get, "admin/agreements"))!.AsArray().Select(a => a!).ToList())),
            Calling("suspend", "suspend one", [id], (parse, client) => client.CallAsync(HttpMethod.Post, $"admin/agreements/{AdminApiClient.Segment(parse.GetValue(id)!)}/suspend")),
            Calling("resume", "make a suspended one active again (it brings each side the other's data again)", [id], (parse, client) =>
                client.CallAsync(HttpMethod.Post, $"admin/agreements/{AdminApiClient.Segment(parse.GetValue(id)!)}/resume")),
            Calling("remove", "end one", [id], (parse, client) => client.CallAsync(HttpMethod.Delete, $"admin/agreements/{AdminApiClient.Segment(parse.GetValue(id)!)}")),
        };
    }

    private static Command Deliveries(CliSession session)
    {
        var id = IdArgument();
        var status = new Option<string>("--status") { Description = "the deliveries in this state", DefaultValueFactory = _ => "pending" };
        status.AcceptOnlyFromAmong("pending", "failed", "dead", "done");
        var receiver = new Option<string>("--receiver-platform") { Description = "only the deliveries to this platform", HelpName = "ID" };
        var limit = new Option<int?>("--limit") { Description = $"at most this many (100 by default, at most {Admin.DeliveryQueue.MaxLimit}), oldest first", HelpName = "N" };
        return new Command("deliveries", "the delivery queue")
        {
            session.Calling("list", "the delivery queue", [status, receiver, limit], async (parse, client) =>
            {
                var ofReceiver = parse.GetValue(receiver) is { } platform ? $"&receiver_platform={Uri.EscapeDataString(platform)}" : "";
                var atMost = parse.GetValue(limit) is { } n ? $"&limit={n}" : "";
                var deliveries = (await client.CallAsync(HttpMethod.Get, $"admin/deliveries?status={parse.GetValue(status)}{ofReceiver}{atMost}"))!.AsArray().Select(d => d!).ToList();
                Table.Write(session.Output, ["id", "receiver", "module", "method", "path", "status", "attempts", "last error"], deliveries.Select(d => (IReadOnlyList<string?>)
                    [Text(d["id"]), Text(d["receiver"]), Text(d["module"]), Text(d["method"]), Text(d["path"]), Text(d["status"]), Text(d["attempts"]), Text(d["last_error"])]));
            }),
            session.Calling("retry", "send a failed or dead delivery again", [id], async (parse, client) =>
            {
                await client.CallAsync(HttpMethod.Post, $"admin/deliveries/{AdminApiClient.Segment(parse.GetValue(id)!)}/retry");
                session.Output.WriteLine($"Delivery {parse.GetValue(id)} is due again.");
            }),
        };
    }

    /// <summary>The message log's filters: the option and the admin API's query parameter it sets.</summary>
    private static (Option<string> Option, string Parameter)[] MessageFilters() =>
    [
        (new("--correlation-id") { Description = "the messages of one correlation id", HelpName = "ID" }, "correlation_id"),
        (new("--platform") { Description = "the messages of one platform", HelpName = "ID" }, "platform"),
        (new("--from") { Description = "from this time on (2025-01-31T12:00:00Z)", HelpName = "TIME" }, "from"),
        (new("--to") { Description = "up to this time", HelpName = "TIME" }, "to"),
        (new("--limit") { Description = "at most this many (100 by default, at most 1000)", HelpName = "N" }, "limit"),
    ];

    private static Command Messages(CliSession session)
    {
        var filters = MessageFilters();
        return session.Calling("messages", "the message log, newest first: follow one correlation id through the hub", [.. filters.Select(f => f.Option)], async (parse, client) =>
        {
            var query = filters.Where(f => parse.GetValue(f.Option) is not null).Select(f => $"{f.Parameter}={Uri.EscapeDataString(parse.GetValue(f.Option)!)}");
            var messages = (await client.CallAsync(HttpMethod.Get, "admin/messages?" + string.Join('&', query)))!.AsArray().Select(m => m!).ToList();
            WriteMessages(session.Output, messages, parse.GetValue(filters[0].Option) is not null);
        });
    }

    /// <summary>An option the command cannot run without (the parser says so before any call).</summary>
    public static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

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

    public static string? Text(JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();
}
