using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Data;

/// <summary>The OCPI routing headers of a request, accepted from every version (2.1.1 partners may send them too).</summary>
public static class RoutingHeaders
{
    public const string FromCountry = "OCPI-from-country-code";
    public const string FromParty = "OCPI-from-party-id";
    public const string ToCountry = "OCPI-to-country-code";
    public const string ToParty = "OCPI-to-party-id";

    public static PartyKey? From(HttpRequest request) => Read(request, FromCountry, FromParty);

    public static PartyKey? To(HttpRequest request) => Read(request, ToCountry, ToParty);

    public static void Write(IHeaderDictionary headers, PartyKey from, PartyKey to)
    {
        headers[FromCountry] = from.CountryCode;
        headers[FromParty] = from.PartyId;
        headers[ToCountry] = to.CountryCode;
        headers[ToParty] = to.PartyId;
    }

    private static PartyKey? Read(HttpRequest request, string country, string party) =>
        request.Headers[country].FirstOrDefault() is { Length: > 0 } c && request.Headers[party].FirstOrDefault() is { Length: > 0 } p
        && PartyKey.TryParse($"{c}*{p}", out var key)
            ? key
            : null;
}
