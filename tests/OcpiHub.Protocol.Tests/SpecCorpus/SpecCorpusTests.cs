using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>
/// Every JSON example of the specification, in its own version: it parses into its model with no field left
/// unknown, validates, and writes back as the same JSON; and it survives the trip through the canonical model.
/// </summary>
public class SpecCorpusTests
{
    public static TheoryData<string> ExampleIds => new(SpecExamples.All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_corpus_holds_every_example_of_every_version()
    {
        var perVersion = SpecExamples.All.Values.GroupBy(e => e.Version).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Directory.GetFiles(SpecFolder.PathOf("2.2.1/examples"), "*.json").Length, perVersion[OcpiVersion.V221]);
        Assert.Equal(Directory.GetFiles(SpecFolder.PathOf("2.3.0/examples"), "*.json").Length, perVersion[OcpiVersion.V230]);
        Assert.Equal(32, perVersion[OcpiVersion.V211]);
    }

    [Fact]
    public void Every_example_is_classified_and_every_erratum_names_an_example()
    {
        Assert.Empty(SpecExamples.All.Values.Where(e => ExampleCatalog.KindOf(e) is null).Select(e => e.Id));
        Assert.All(Errata.Examples.Keys, id => Assert.Contains(id, SpecExamples.All.Keys));
    }

    [Theory, MemberData(nameof(ExampleIds))]
    public void Example_parses_validates_and_writes_back_unchanged(string id)
    {
        var (example, kind, json) = Load(id);
        var read = OcpiJson.Read(System.Text.Encoding.UTF8.GetBytes(json), kind.ModelIn(example.Version), example.Version, kind.Mode);
        var problems = read.Problems.Select(p => p.ToString())
            .Concat(read.Value is null ? [] : UnknownFields.In(read.Value).Select(path => $"{path}: unknown field"))
            .ToArray();

        if (Errata.Examples.TryGetValue(id, out var erratum))
            Assert.Equal(erratum.Problems.Order(), problems.Order());
        else
            Assert.Empty(problems);

        if (read.Value is not null)
            JsonSemantics.AssertEqual(json, OcpiJson.Serialize(read.Value, example.Version));
    }

    [Theory, MemberData(nameof(ExampleIds))]
    public void Example_round_trips_through_the_canonical_model(string id)
    {
        var (example, kind, json) = Load(id);
        var value = OcpiJson.Read(System.Text.Encoding.UTF8.GetBytes(json), kind.ModelIn(example.Version), example.Version, kind.Mode).Value;
        if (value is null)
        {
            // Only an erratum whose JSON cannot be read as its model gets here; the test above pins its problem.
            Assert.Contains(id, Errata.Examples.Keys);
            return;
        }

        var back = RoundTrip(value, example.Version, kind.Mode);

        JsonSemantics.AssertEqual(json, OcpiJson.Serialize(back, example.Version));
    }

    private static (SpecExample Example, ExampleKind Kind, string Json) Load(string id)
    {
        var example = SpecExamples.All[id];
        var kind = ExampleCatalog.KindOf(example) ?? throw new InvalidOperationException($"{id} is not classified");
        var json = kind.Member is null ? example.Json : JsonNode.Parse(example.Json)![kind.Member]!.ToJsonString();
        return (example, kind, json);
    }

    /// <summary>
    /// <c>v -> 2.3.0 -> v</c>. Lists and envelopes travel element by element; types common to all versions
    /// (Hours, VersionDetails, …) need no translator and stay as they are.
    /// </summary>
    private static object RoundTrip(object value, OcpiVersion version, ValidationMode mode)
    {
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Common.OcpiResponse<>))
        {
            var data = type.GetProperty(nameof(Common.OcpiResponse<object>.Data))!;
            var copy = JsonSerializer.Deserialize(OcpiJson.Serialize(value, version), OcpiJson.TypeInfo(type, version))!;
            if (data.GetValue(value) is { } inner && inner is not JsonNode)
                data.SetValue(copy, RoundTrip(inner, version, mode));
            return copy;
        }
        if (value is System.Collections.IList list)
        {
            var copy = (System.Collections.IList)Activator.CreateInstance(type)!;
            foreach (var element in list)
                copy.Add(RoundTrip(element!, version, mode));
            return copy;
        }
        if (type.Namespace == typeof(Common.Hours).Namespace && !Translators.CanTranslate(type, version, toCanonical: true))
            return value;

        // A PATCH body lacks fields on purpose: translators must not fill in the target version's defaults.
        var owner = new PartyRef("NL", "TNM");
        var isPatch = mode == ValidationMode.Patch;
        var canonical = Translators.ToCanonical(value, version, new TranslationContext(owner) { IsPatch = isPatch });
        return Translators.FromCanonical(canonical, version, new TranslationContext(owner) { IsPatch = isPatch });
    }
}
