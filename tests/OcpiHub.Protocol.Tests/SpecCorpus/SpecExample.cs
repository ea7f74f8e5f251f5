using System.Text.RegularExpressions;

namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>One JSON example of the specification: an example file, or a JSON code block of the 2.1.1 Markdown.</summary>
public sealed record SpecExample(string Id, OcpiVersion Version, string Json)
{
    public override string ToString() => Id;
}

public static partial class SpecExamples
{
    public static IReadOnlyDictionary<string, SpecExample> All { get; } = Load().ToDictionary(e => e.Id);

    private static IEnumerable<SpecExample> Load()
    {
        foreach (var version in new[] { OcpiVersion.V221, OcpiVersion.V230 })
        {
            var folder = SpecFolder.PathOf(Path.Combine(version.ToWire(), "examples"));
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
                yield return new($"{version.ToWire()}/{Path.GetFileName(file)}", version, File.ReadAllText(file));
        }
        foreach (var file in Directory.GetFiles(SpecFolder.PathOf("2.1.1"), "*.md").Order(StringComparer.Ordinal))
        {
            var index = 0;
            foreach (Match block in JsonBlock().Matches(File.ReadAllText(file)))
                yield return new($"2.1.1/{Path.GetFileName(file)}#{index++}", OcpiVersion.V211, JsonOf(block.Groups[1].Value));
        }
    }

    /// <summary>
    /// A 2.1.1 block may start with a request line ("PATCH To URL: …") before its JSON, or be a bare member
    /// (<c>"energy_mix": {…}</c>), which becomes an object holding that member.
    /// </summary>
    private static string JsonOf(string block)
    {
        var start = block.IndexOfAny(['{', '[', '"']);
        var json = block[start..].Trim();
        return json.StartsWith('"') ? "{" + json + "}" : json;
    }

    [GeneratedRegex(@"^```json[ \t]*\r?\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex JsonBlock();
}
