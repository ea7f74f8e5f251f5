using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Benchmarks;

/// <summary>
/// Translating a page of 100 canonical Locations down for a 2.2.1 and a 2.1.1 receiver, against writing the same
/// page as JSON (the baseline: what every delivery costs anyway).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class TranslationBenchmarks
{
    private List<Location> page = null!;

    [GlobalSetup]
    public void Setup() => page = LocationPage.Create(100);

    [Benchmark(Baseline = true), BenchmarkCategory("translate")]
    public byte[] Write_page_2_3_0() => OcpiJson.SerializeToUtf8Bytes(page, OcpiVersion.V230);

    [Benchmark, BenchmarkCategory("translate")]
    public int Translate_page_to_2_2_1()
    {
        var context = new TranslationContext(new PartyRef("NL", "CPO"));
        return page.Select(l => Protocol.V221.Translator.FromCanonical(l, context)).Count();
    }

    [Benchmark, BenchmarkCategory("translate")]
    public int Translate_page_to_2_1_1()
    {
        var context = new TranslationContext(new PartyRef("NL", "CPO"));
        return page.Select(l => Protocol.V211.Translator.FromCanonical(l, context)).Count();
    }
}
