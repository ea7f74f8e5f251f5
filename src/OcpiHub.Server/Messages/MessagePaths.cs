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
        var text = rest.Value.AsSpan();
        var index = 0;
        foreach (var range in text.Split('/'))
        {
            var segment = text[range];
            if (segment.IsEmpty)
                continue;
            if (index++ == 0)
            {
                if (segment is "versions")
                    return "versions";
            }
            else if (!SideWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(segment))
            {
                return Modules.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var module) ? module : segment[..Math.Min(segment.Length, 64)].ToString();
            }
        }
        return index == 0 ? null : "versions";
    }

    /// <summary>The version of <c>/ocpi/{version}/…</c>; null for the versions list and whatever names no version.</summary>
    public static string? VersionOf(PathString path)
    {
        if (!path.StartsWithSegments("/ocpi", out var rest))
            return null;
        var text = rest.Value.AsSpan();
        foreach (var range in text.Split('/'))
        {
            if (text[range].IsEmpty)
                continue;
            foreach (var version in OcpiVersions.All)
            {
                if (text[range].SequenceEqual(version.ToWire()))
                    return version.ToWire();
            }
            return null;
        }
        return null;
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
