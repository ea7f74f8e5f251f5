using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Data.Tokens;
using OcpiHub.Server.Hosting.Telemetry;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Forwarding;

/// <summary>
/// Real-time authorization, every version: <c>POST {tokens}/{token_uid}/authorize[?type=]</c> on the hub's Tokens
/// sender interface (the side CPOs talk to). The hub authorizes nothing itself: it forwards the request to the eMSP
/// that owns the token (<see cref="RealTimeRouter"/>), the <c>LocationReferences</c> in that eMSP's version, and
/// passes its <c>AuthorizationInfo</c> back in the CPO's version. An unknown token is HTTP 404 with 2004, and no
/// eMSP is asked.
/// </summary>
public static class AuthorizationEndpoints
{
    public static void MapAuthorization(this IEndpointRouteBuilder ocpi) =>
        ocpi.MapGroup($"/{{version}}/sender/{DataModule.Tokens.Identifier()}/{{uid}}/authorize")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .WithForwardBudget(ForwardKind.Authorization)
            .RequirePlatform(registrationTokenAllowed: false)
            .WithRoutingHeaders(Party.Cpo)
            .Supports(OcpiMethods.Post)
            .MapPost("", AuthorizeAsync);

    private static async Task<IResult> AuthorizeAsync(HttpContext context, string uid, HubRouting routing, IDataStore data, Forwarder forwarder,
        HubTelemetry telemetry)
    {
        var version = context.RequestVersion();
        var type = context.Request.Query["type"].FirstOrDefault() is { Length: > 0 } asked ? asked.ToUpperInvariant() : TokenType.Rfid.Value;
        var (location, problem) = await ReadLocationAsync(context, version);
        if (problem is not null)
            return problem;

        // Tokens are stored as their URL names them: uid?type=TYPE (TokensShape). Each eMSP is asked with the type it holds
        // the token as; one eMSP's token of the first type meant does not hide another's of the next (a uid is one eMSP's).
        var tokenKey = TokensShape.KeyOf(uid, type);
        var stored = new List<StoredObject>();
        var typeHeld = new Dictionary<PartyKey, string>();
        var decision = await routing.DecideRealTimeAsync(context, RealTimeKind.Authorization, async facts =>
        {
            var emsps = facts.PartiesIn(Party.Emsp);
            foreach (var meant in TypesMeantBy(type, version))
            {
                foreach (var token in await data.FindByIdAsync(DataModule.Tokens, emsps, TokensShape.KeyOf(uid, meant), context.RequestAborted))
                {
                    if (typeHeld.TryAdd(token.Owner, meant))
                        stored.Add(token);
                }
            }
            return stored.Select(t => new Holder(t.Owner)).ToList();
        });

        var (sender, receivers) = decision switch
        {
            RoutingDecision.Forward forward => (forward.Sender, [forward.Receiver]),
            RoutingDecision.ForwardToAll all => (all.Sender, all.Receivers),
            _ => (default(PartyKey), (IReadOnlyList<PartyKey>)[]),
        };
        if (decision is RoutingDecision.Refuse refusal)
            return Refused(version, refusal);

        var answers = new AuthorizationAnswers(data, telemetry, uid, type, tokenKey, stored);
        string PathFor(PartyKey receiver) => $"{Uri.EscapeDataString(uid)}/authorize?type={Uri.EscapeDataString(typeHeld.GetValueOrDefault(receiver, type))}";
        Func<OcpiVersion, object?>? body = location is null ? null : v => Translators.FromCanonical(location, v, new TranslationContext());
        // The budget runs from the CPO's request: the CPO waits for the hub's work before the call too.
        var answer = await answers.AskAsync(receivers, (receiver, cancellationToken) => forwarder.ForwardAsync(
            new ForwardCall(ForwardKind.Authorization, sender, receiver, DataModule.Tokens.Identifier(), InterfaceRole.Sender, HttpMethod.Post, PathFor(receiver), body,
                context.Ocpi().Started?.Timestamp),
            context.CorrelationId(), cancellationToken), context.RequestAborted);
        return await answers.ToCpoAsync(context, version, answer);
    }

    /// <summary>
    /// The stored token types a CPO of <paramref name="version"/> may mean by <paramref name="type"/>: a token of a type
    /// its version lacks reached it as OTHER (2.1.1: an app or ad-hoc user's), so OTHER is itself first, then those.
    /// </summary>
    private static IEnumerable<string> TypesMeantBy(string type, OcpiVersion version) => type == TokenType.Other.Value
        ? [type, .. TokenType.Domain.ValuesIn(OcpiVersion.V230).Where(t => !TokenType.Domain.Defines(t, version))]
        : [type];

    /// <summary>The optional <c>LocationReferences</c> body as canonical, or the answer to a body that is not one.</summary>
    private static async Task<(Protocol.V230.LocationReferences? Location, IResult? Problem)> ReadLocationAsync(HttpContext context, OcpiVersion version)
    {
        var body = await OcpiBody.ReadAsync(context);
        if (body.Length == 0)
            return (null, null);
        var model = version == OcpiVersion.V211 ? typeof(Protocol.V211.LocationReferences) : typeof(Protocol.V230.LocationReferences);
        var read = OcpiJson.Read(body, model, version);
        if (read.Value is null || read.Problems.Count > 0)
            return (null, OcpiResults.InvalidBody(version, read));
        return ((Protocol.V230.LocationReferences)Translators.ToCanonical(read.Value, version, new TranslationContext()), null);
    }

    /// <summary>An unknown token is "not found" (HTTP 404 with 2004, as OCPI says); every other refusal reached the OCPI layer.</summary>
    private static IResult Refused(OcpiVersion version, RoutingDecision.Refuse refusal) => refusal.OcpiStatus == OcpiStatusCodes.UnknownToken
        ? OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, refusal.OcpiStatus, refusal.Reason)
        : HubRouting.Refusal(version, refusal);
}
