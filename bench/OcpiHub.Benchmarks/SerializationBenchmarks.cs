using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Benchmarks;

/// <summary>
/// A GET page of 100 Locations in its envelope, written and read through the source-generated 2.3.0 context,
/// against the same model through reflection-based System.Text.Json with the same options (the baseline).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class SerializationBenchmarks
{
    private static readonly JsonSerializerOptions Reflection = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new OcpiDateTimeConverter() },
    };

    private OcpiResponse<List<Location>> page = null!;
    private byte[] json = null!;

    [GlobalSetup]
    public void Setup()
    {
        page = new() { Data = LocationPage.Create(100), StatusCode = OcpiStatusCodes.Success, Timestamp = DateTimeOffset.UnixEpoch };
        json = OcpiJson.SerializeToUtf8Bytes(page, OcpiVersion.V230);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("serialise")]
    public byte[] Serialise_reflection() => JsonSerializer.SerializeToUtf8Bytes(page, Reflection);

    [Benchmark, BenchmarkCategory("serialise")]
    public byte[] Serialise_source_generated() => OcpiJson.SerializeToUtf8Bytes(page, OcpiVersion.V230);

    [Benchmark(Baseline = true), BenchmarkCategory("deserialise")]
    public OcpiResponse<List<Location>>? Deserialise_reflection() => JsonSerializer.Deserialize<OcpiResponse<List<Location>>>(json, Reflection);

    [Benchmark, BenchmarkCategory("deserialise")]
    public OcpiResponse<List<Location>>? Deserialise_source_generated() => OcpiJson.Deserialize<OcpiResponse<List<Location>>>(json, OcpiVersion.V230);
}
