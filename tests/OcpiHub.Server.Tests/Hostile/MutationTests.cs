using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Server.Data;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Protocol.OcpiVersion;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// A thousand random mutants (seed 20261202: a failure replays) of the OCPI specification's examples (2.2.1, 2.3.0) and
/// of valid 2.1.1 objects, pushed through the hub's receivers of every version and module by their owners: none is
/// answered 500, and everything the hub then holds is valid by the hub's validator, as it serves it to every reader in
/// the reader's version. Not by the independent schemas (SchemaOracle): they close what the hub keeps open by design,
/// values of OpenEnums (TokenType …) in every version and fields it does not know (docs/architecture.md), and a
/// mutant carrying those is valid to the hub and passed on.
/// </summary>
public class MutationTests
{
    private const int Seed = 20261202;
    private const int Mutants = 1000;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_thousand_mutants_of_the_spec_examples_get_no_500_and_leave_only_valid_objects(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await using var cpo230 = await Partners.StartAsync(V230, Partners.Party("CPO", "C30"));
        await Partners.ConnectAsync(net.Hub, cpo230, Initiator.Partner);
        await net.AgreeAsync("NL*C30", "DE*E30");

        var pushes = Pushes(net, cpo230).ToList();
        var random = new Random(Seed);
        var mutator = new JsonMutator(random);
        var failures = new List<string>();
        var accepted = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var push = pushes[i % pushes.Count];
            var body = mutator.Mutate(push.Seed);
            using var answer = await net.SendAsync(push.Owner, push.Method, push.Path, body);
            if ((int)answer.StatusCode >= 500)
                failures.Add($"mutant {i} ({push.Path}): HTTP {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}\n  {body[..Math.Min(body.Length, 2000)]}");
            else if (answer.IsSuccessStatusCode && (await Partners.EnvelopeAsync(answer))["status_code"]!.GetValue<int>() == 1000)
                accepted++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(accepted > 0, "no mutant was accepted: the seeds do not reach the store");

        await net.Hub.QueueEmptyAsync("the deliveries to be sent", 60_000);
        var served = 0;
        foreach (var (reader, modules) in new (SimulatedPartner, DataModule[])[]
                 {
                     (net.Emsp211, CpoModules), (net.Emsp221, CpoModules), (net.Emsp230, CpoModules),
                     (net.Cpo211, [DataModule.Tokens]), (net.Cpo221, [DataModule.Tokens]), (cpo230, [DataModule.Tokens]),
                 })
            foreach (var module in modules)
                served += await AssertServedValidAsync(net, reader, module);
        Assert.True(served > 0, "nothing was served");
    }

    private static readonly DataModule[] CpoModules = [DataModule.Locations, DataModule.Tariffs, DataModule.Sessions, DataModule.Cdrs];

    private sealed record Push(SimulatedPartner Owner, HttpMethod Method, string Path, string Seed);

    /// <summary>Every seed with the push that carries it: the owner's receiver URL of its module and id.</summary>
    private static IEnumerable<Push> Pushes(RoamingNetwork net, SimulatedPartner cpo230)
    {
        foreach (var (cpo, emsp) in new[] { (net.Cpo221, "E22"), (cpo230, "E30") })
        {
            var version = cpo.Options.Version;
            var party = cpo.Options.Parties[0].PartyId;
            foreach (var (module, example) in SpecExamples(version, "location_example", "tariff_1", "tariff_2", "tariff_3", "tariff_4", "tariff_5",
                         "tariff_9", "session_example", "cdr_example"))
                yield return PushOf(cpo, module, Owned(example, "NL", party, emsp));
        }
        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
            foreach (var (module, example) in SpecExamples(emsp.Options.Version, "token_example"))
                yield return PushOf(emsp, module, Owned(example, "DE", emsp.Options.Parties[0].PartyId, null));

        yield return PushOf(net.Cpo211, DataModule.Locations, LocationJson.Location(V211, "NL", "C11", "L1"));
        yield return PushOf(net.Cpo211, DataModule.Tariffs, TariffJson.Tariff(V211, "NL", "C11", "T1"));
        yield return PushOf(net.Cpo211, DataModule.Sessions, ChargeJson.Session(V211, "C11", "E11", "S1", "L1"));
        yield return PushOf(net.Cpo211, DataModule.Cdrs, ChargeJson.Cdr(V211, "C11", "E11", "CDR1", "L1"));
        yield return PushOf(net.Emsp211, DataModule.Tokens, TokenJson.Token(V211, "DE", "E11", "U1"));
    }

    private static Push PushOf(SimulatedPartner owner, DataModule module, string seed)
    {
        var party = owner.Options.Parties[0];
        var json = JsonNode.Parse(seed)!;
        var id = (json["id"] ?? json["uid"])!.GetValue<string>();
        return module == DataModule.Cdrs
            ? new(owner, HttpMethod.Post, "receiver/cdrs", seed)
            : new(owner, HttpMethod.Put, $"receiver/{module.Identifier()}/{party.CountryCode}/{party.PartyId}/{id}", seed);
    }

    /// <summary>The spec's example files of <paramref name="version"/> whose names start with one of <paramref name="prefixes"/>.</summary>
    private static IEnumerable<(DataModule, string)> SpecExamples(OcpiVersion version, params string[] prefixes)
    {
        var folder = Path.Combine(SpecExamplesRoot(), version.ToWire(), "examples");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                continue;
            var module = name.Split('_')[0] switch
            {
                "location" => DataModule.Locations,
                "tariff" => DataModule.Tariffs,
                "session" => DataModule.Sessions,
                "cdr" => DataModule.Cdrs,
                _ => DataModule.Tokens,
            };
            yield return (module, File.ReadAllText(file));
        }
    }

    /// <summary>The example as <paramref name="country"/>*<paramref name="party"/>'s own, charged (Sessions, CDRs) on a token of <paramref name="emsp"/>.</summary>
    private static string Owned(string example, string country, string party, string? emsp)
    {
        var json = JsonNode.Parse(example)!.AsObject();
        json["country_code"] = country;
        json["party_id"] = party;
        if (emsp is not null && json["cdr_token"] is JsonObject token)
        {
            token["country_code"] = "DE";
            token["party_id"] = emsp;
        }
        return json.ToJsonString();
    }

    private static string SpecExamplesRoot()
    {
        if (Environment.GetEnvironmentVariable("OCPIHUB_SPEC_DIR") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OcpiHub.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "ocpi-spec"));
        throw new DirectoryNotFoundException("repository root (OcpiHub.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every page of <paramref name="module"/> the hub serves <paramref name="reader"/>, each object valid in the reader's version; how many.</summary>
    private static async Task<int> AssertServedValidAsync(RoamingNetwork net, SimulatedPartner reader, DataModule module)
    {
        var version = reader.Options.Version;
        var model = DataShapes.All[module].ModelIn(1, version);
        var count = 0;
        string? url = $"{net.Hub.BaseUrl}/ocpi/{version.ToWire()}/sender/{module.Identifier()}?date_from=1970-01-01T00:00:00Z";
        for (var pages = 0; url is not null && pages < 50; pages++)
        {
            using var response = await reader.SendToHubAsync(HttpMethod.Get, url);
            var envelope = await Partners.EnvelopeAsync(response);
            Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"{url}: {envelope}");
            foreach (var item in envelope["data"]!.AsArray())
            {
                var read = OcpiJson.Read(JsonSerializer.SerializeToElement(item), model, version);
                Assert.True(read.IsValid, $"{version.ToWire()} {module} served invalid: {string.Join("; ", read.Problems)}\n{item}");
                count++;
            }
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        return count;
    }
}
