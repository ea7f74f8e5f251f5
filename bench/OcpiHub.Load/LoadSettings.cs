using System.Globalization;

namespace OcpiHub.Load;

/// <summary>
/// Command line: <c>--scenario s1|s2|s3|s4|s5</c>, <c>--locations N</c> (S2, S3), <c>--emsps 10,50,200</c> (S4),
/// <c>--seconds S</c> per measured loop (S5: the day), <c>--pushes R</c> per N (S4), <c>--rate R</c> sessions per second (S5),
/// <c>--pages R</c> pages the S5 eMSP reads a second (0, the default: one after the other, as fast as the hub answers),
/// <c>--database sqlite|postgresql</c>, <c>--reader 2.2.1|2.1.1</c> (S2: the eMSP's version), <c>--unpublished N</c> (S2: N of the
/// Locations unpublished, for a token of no eMSP's), <c>--tokens N</c> (S2: N tokens of another eMSP in the hub's copy, among which
/// the unpublished Locations' token is looked up), <c>--warm N</c> (S3: a pull of N Locations first, not measured, so that the
/// measured one runs on code the runtime has compiled already), <c>--hub FOLDER</c> (S5: the hub's files to run, as <c>dotnet publish</c>
/// wrote them, compiled ahead of time say; by default those built beside the load generator).
/// Every loop is bounded by time and count.
/// </summary>
public sealed record LoadSettings
{
    public string Scenario { get; init; } = "s2";
    public int Locations { get; init; } = 100_000;
    public int WarmLocations { get; init; }
    public int[] Concurrencies { get; init; } = [1, 16];
    public int[] Emsps { get; init; } = [10, 50, 200];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public int MaxRequests { get; init; } = 1_000_000;
    public int Pushes { get; init; } = 30;
    public string Database { get; init; } = "sqlite";
    public double Rate { get; init; } = 100;
    public double PageRate { get; init; }
    public string Reader { get; init; } = "2.2.1";
    public int Unpublished { get; init; }
    public int Tokens { get; init; }
    public string? HubFolder { get; init; }

    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--scenario" => settings with { Scenario = value.ToLowerInvariant() },
                "--locations" => settings with { Locations = Int(value) },
                "--warm" => settings with { WarmLocations = Int(value) },
                "--concurrency" => settings with { Concurrencies = Ints(value) },
                "--emsps" => settings with { Emsps = Ints(value) },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Int(value)) },
                "--pushes" => settings with { Pushes = Int(value) },
                "--rate" => settings with { Rate = Double(value) },
                "--pages" => settings with { PageRate = Double(value) },
                "--reader" => settings with { Reader = value },
                "--unpublished" => settings with { Unpublished = Int(value) },
                "--tokens" => settings with { Tokens = Int(value) },
                "--hub" => settings with { HubFolder = Path.GetFullPath(value) },
                "--database" => settings with { Database = value.ToLowerInvariant() is "postgres" ? "postgresql" : value.ToLowerInvariant() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return settings;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static double Double(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static int[] Ints(string text) => [.. text.Split(',').Select(Int)];
}
