using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data;

/// <summary>The OCPI routing headers of a request, accepted from every version (2.1.1 partners may send them too).</summary>
public static class RoutingHeaders
{
    public const string FromCountry = "OCPI-from-country-code";
    public const string FromParty = "OCPI-from-party-id";
    public const string ToCountry = "OCPI-to-country-code";
    public const string ToParty = "OCPI-to-party-id";

    /// <summary>The party OCPI-from-* name; null when absent (or malformed: <see cref="WithRoutingHeaders"/> refused that already).</summary>
    public static PartyKey? From(HttpRequest request) => Read(request, FromCountry, FromParty).Party;

    public static PartyKey? To(HttpRequest request) => Read(request, ToCountry, ToParty).Party;

    /// <summary>What is wrong with the request's routing headers, or null: one of a pair without the other, or a value that names no party.</summary>
    public static string? Problem(HttpRequest request) => Read(request, FromCountry, FromParty).Problem ?? Read(request, ToCountry, ToParty).Problem;

    public static void Write(IHeaderDictionary headers, PartyKey from, PartyKey to)
    {
        headers[FromCountry] = from.CountryCode;
        headers[FromParty] = from.PartyId;
        headers[ToCountry] = to.CountryCode;
        headers[ToParty] = to.PartyId;
    }

    /// <summary>
    /// The routing headers of a request the hub makes as <paramref name="from"/> to <paramref name="to"/> (when it is
    /// one party): none for a 2.1.1 partner, which has no such headers.
    /// </summary>
    public static Dictionary<string, string> Outbound(OcpiVersion version, PartyKey from, PartyKey? to)
    {
        if (version == OcpiVersion.V211)
            return [];
        var headers = new Dictionary<string, string> { [FromCountry] = from.CountryCode, [FromParty] = from.PartyId };
        if (to is { } receiver)
            (headers[ToCountry], headers[ToParty]) = (receiver.CountryCode, receiver.PartyId);
        return headers;
    }

    /// <summary>The answer speaks for <paramref name="party"/> (the owner of an object read through the hub), not for the hub.</summary>
    public static void AnswerFor(HttpContext context, PartyKey party) => context.Ocpi().AnsweringFor = party;

    /// <summary>
    /// A request of a functional module whose routing headers name no party (one of a pair alone, a value that is no
    /// country code or party id) is refused with 2001, whatever its version: read as absent, they would make open
    /// routing (a GET of every owner, a broadcast) of a request meant for one party.
    /// <para>Every answer of a functional module, errors too, carries the routing headers (OCPI 2.2.1+, for every request
    /// and response of those modules): FROM the hub, or the party it answers for; TO the requester, when it can be
    /// told (<see cref="Router.Requester"/>) — a request refused before authentication, or from a platform with
    /// several parties that did not say which, gets none. <paramref name="requesterRole"/>: the role that sends
    /// requests to this interface (the owner on a receiver interface, the reader on a sender one).</para>
    /// </summary>
    public static TBuilder WithRoutingHeaders<TBuilder>(this TBuilder builder, string requesterRole) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var result = Problem(context.Request) is { } problem
                ? OcpiResults.Refused(context.RequestVersion(), OcpiStatusCodes.InvalidOrMissingParameters, problem)
                : await next(invocation);
            if (context.RequestVersion() != OcpiVersion.V211
                && Router.Requester(context.Caller().Platform, From(context.Request), requesterRole) is { } requester)
            {
                var answering = context.Ocpi().AnsweringFor ?? context.RequestServices.GetRequiredService<HubRouting>().Hub;
                Write(context.Response.Headers, answering, requester);
            }
            return result;
        });

    private static (PartyKey? Party, string? Problem) Read(HttpRequest request, string countryHeader, string partyHeader)
    {
        var (country, party) = (Value(request, countryHeader), Value(request, partyHeader));
        if (country is null && party is null)
            return (null, null);
        if (country is null || party is null)
            return (null, $"{(country is null ? countryHeader : partyHeader)} is missing: {countryHeader} and {partyHeader} name a party together");
        if (!PartyKey.IsCountryCode(country))
            return (null, $"{countryHeader} is not a country code: two letters");
        if (!PartyKey.IsPartyId(party))
            return (null, $"{partyHeader} is not a party id: three letters or digits");
        return (new PartyKey(country, party), null);
    }

    private static string? Value(HttpRequest request, string header) => request.Headers[header].FirstOrDefault() is { Length: > 0 } value ? value : null;
}
