using BenchmarkDotNet.Attributes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Benchmarks;

/// <summary>
/// Checking the 100 Locations of a page against their model's rules, as the hub checks every object it is pushed or
/// pulls, against reading the same 100 Locations from their JSON (the baseline): what validation adds to a read.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private List<Location> locations = null!;
    private byte[][] json = null!;

    [GlobalSetup]
    public void Setup()
    {
        locations = LocationPage.Create(100);
        json = [.. locations.Select(l => OcpiJson.SerializeToUtf8Bytes(l, OcpiVersion.V230))];
    }

    [Benchmark(Baseline = true)]
    public int Read_100_Locations()
    {
        var read = 0;
        foreach (var location in json)
            read += OcpiJson.Deserialize<Location>(location, OcpiVersion.V230) is null ? 0 : 1;
        return read;
    }

    [Benchmark]
    public int Validate_100_Locations()
    {
        var problems = 0;
        foreach (var location in locations)
            problems += OcpiValidator.Validate(location, OcpiVersion.V230).Count;
        return problems;
    }
}
