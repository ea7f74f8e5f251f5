using OcpiHub.Protocol;

namespace OcpiHub.Server.Messages;

/// <summary>
/// What the message log keeps of an address: the path (outbound: scheme, host and path, never user info) and
/// only OCPI's own query parameters, so a secret a peer put in a query string is not stored; and the module.
/// </summary>
public static class MessagePaths
{
    private const int MaxLength = 1000;

    private static readonly HashSet<string> OcpiQueryParameters = new(StringComparer.OrdinalIgnoreCase) { "date_from", "date_to", "offset", "limit", "type" };

    // Words that stand between the version and the module when the hub serves both sides of it (…/sender/locations).
    private static readonly HashSet<string> SideWords = new(StringComparer.OrdinalIgnoreCase) { "sender", "receiver" };

    // OCPI's modules, so that naming one (twice a request: the message log and the metrics) copies no text.
    private static readonly HashSet<string> Modules = new(StringComparer.Ordinal)
        { "versions", "credentials", "locations", "tariffs", "sessions", "cdrs", "tokens", "commands", "chargingprofiles", "hubclientinfo" };

    public static string Inbound(HttpRequest request) => Cap((request.PathBase + request.Path).Value + OcpiQuery(request.QueryString.Value));

    public static string Outbound(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? Cap($"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}{OcpiQuery(uri.Query)}")
            : "(not a URL)";

    /// <summary>The module of an OCPI path: <c>/ocpi/versions</c> and <c>/ocpi/{version}</c> are versions, else the segment after the version.</summary>
    public static string? ModuleOf(PathString path)
    {
        if (!path.StartsWithSegments("/ocpi", out var rest))
            return null;
        var first = FirstSegment(rest.Value, out var after);
        if (first.IsEmpty)
            return null;
        if (first is "versions")
            return "versions";
        foreach (var range in after.Split('/'))
        {
            var segment = after[range];
            if (segment.IsEmpty || SideWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(segment))
                continue;
            return Modules.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var module) ? module : segment[..Math.Min(segment.Length, 64)].ToString();
        }
        return "versions";
    }

    /// <summary>The version of <c>/ocpi/{version}/…</c>; null for the versions list and whatever names no version.</summary>
    public static string? VersionOf(PathString path) =>
        path.StartsWithSegments("/ocpi", out var rest) && OcpiVersions.TryParse(FirstSegment(rest.Value, out _), out var version) ? version.ToWire() : null;

    /// <summary>The first non-empty segment of <paramref name="text"/> (a path), and what follows it.</summary>
    private static ReadOnlySpan<char> FirstSegment(ReadOnlySpan<char> text, out ReadOnlySpan<char> after)
    {
        text = text.TrimStart('/');
        var end = text.IndexOf('/');
        after = end < 0 ? [] : text[end..];
        return end < 0 ? text : text[..end];
    }

    private static string OcpiQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
            return "";
        var kept = query.TrimStart('?').Split('&')
            .Where(pair => OcpiQueryParameters.Contains(Uri.UnescapeDataString(pair.Split('=')[0])))
            .ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    private static string Cap(string text) => text.Length <= MaxLength ? text : text[..MaxLength];
}
