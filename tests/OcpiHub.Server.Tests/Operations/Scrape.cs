using System.Globalization;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>The hub's <c>/metrics</c> as a Prometheus server reads it: samples by name and labels.</summary>
public static class Scrape
{
    public static async Task<string> TextAsync(string baseUrl, string path = "/metrics")
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(baseUrl + path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (0 when none).</summary>
    public static double Sum(string text, string metric, params (string Name, string Value)[] labels) =>
        text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    public static async Task<double> SumAsync(string baseUrl, string metric, params (string Name, string Value)[] labels) =>
        Sum(await TextAsync(baseUrl), metric, labels);
}
