using System.Globalization;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Onboarding;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Commands;

/// <summary>
/// The hub's commands receiver, every version: <c>POST /ocpi/{version}/receiver/commands/{command}</c>. The command
/// is read in the eMSP's version, routed by <see cref="RealTimeRouter"/> to the CPO of its Location, Session or
/// reservation, then relayed (<see cref="RelayedForwarding"/>): its <c>response_url</c> replaced by one of the hub's,
/// forwarded in the CPO's version, and the CPO's synchronous answer passed back in the eMSP's.
/// </summary>
public static class CommandEndpoints
{
    public static void MapCommands(this IEndpointRouteBuilder ocpi) =>
        ocpi.MapGroup("/{version}/receiver/commands/{command}")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .WithForwardBudget(ForwardKind.Command)
            .RequirePlatform(registrationTokenAllowed: false)
            .WithRoutingHeaders(Party.Emsp)
            .Supports(OcpiMethods.Post)
            .MapPost("", (HttpContext context, string command, CommandForwarding forwarding) => forwarding.ForwardAsync(context, command));
}

/// <summary>One command from an eMSP to a CPO, from the request to the answer.</summary>
public sealed class CommandForwarding(HubRouting routing, RelayedForwarding relayed, ICommandStore store, IDataStore data, IPlatformStore platforms)
{
    public async Task<IResult> ForwardAsync(HttpContext context, string name)
    {
        var version = context.RequestVersion();
        var ct = context.RequestAborted;
        if (CommandKind.Named(name) is not { } command || command.ModelIn(version) is not { } model)
            return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.InvalidOrMissingParameters,
                $"{name} is no command of OCPI {version.ToWire()}: {string.Join(", ", CommandKind.All.Where(c => c.ModelIn(version) is not null).Select(c => c.Name))}");

        var read = OcpiJson.Read(await OcpiBody.ReadAsync(context), model, version);
        if (read.Value is null || read.Problems.Count > 0)
            return OcpiResults.InvalidBody(version, read);
        var canonical = Translators.ToCanonical(read.Value, version, new TranslationContext());
        // The result goes to this URL later: one the hub would never call is refused now, not acknowledged and lost.
        if (PartnerUrl.Problem(ResponseUrlOf(canonical)) is { } urlProblem)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, "response_url: " + urlProblem);
        var caller = context.Caller().Platform;

        var decision = await routing.DecideRealTimeAsync(context, command.Kind,
            facts => HoldersAsync(canonical, caller, facts.PartiesIn(Party.Cpo), ct), TokenOwnerOf(canonical));
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);
        var (sender, receiver) = decision is RoutingDecision.Forward forward
            ? (forward.Sender, forward.Receiver)
            : throw new InvalidOperationException($"a command is forwarded to one CPO, not {decision}");
        // A 2.1.1 Token names no owner: it is the sending eMSP's own (the routing made sure the sender is its only eMSP).
        if (version == OcpiVersion.V211)
            canonical = Translators.ToCanonical(read.Value, version, new TranslationContext(new PartyRef(sender.CountryCode, sender.PartyId)));
        var towardsCpo = await TowardsCpoAsync(canonical, sender, receiver, ct);

        return await relayed.ForwardAsync(context, new RelayedRequest<V230.CommandResponse>(name, ResponseUrlOf(canonical), sender, receiver, "commands",
            HttpMethod.Post)
        {
            PathFor = _ => name,
            BodyFor = (hubUrl, cpoVersion) => Translators.FromCanonical(WithResponseUrl(towardsCpo, hubUrl), cpoVersion, new TranslationContext()),
            AnswerOf = response => (response.Result?.Value, response.Timeout),
            NotSupported = why => HubAnswer(CommandResponseType.NotSupported, why),
            AnswerInstead = cpo => cpo?.Version == OcpiVersion.V211 && command.Model211 is null ? NotIn211(canonical, name, receiver) : null,
            Remember = (response, relay, cancel) => response.Result != CommandResponseType.Accepted ? Task.CompletedTask : canonical switch
            {
                V230.ReserveNow reserve => store.RememberReservationAsync(
                    new ReservationOwner(relay.Emsp, reserve.ReservationId!, relay.CpoPlatformId, relay.Cpo, reserve.ExpiryDate, relay.Id), cancel),
                V230.CancelReservation cancelled => store.CancellingReservationAsync(
                    new ReservationOwner(relay.Emsp, cancelled.ReservationId!, relay.CpoPlatformId, relay.Cpo), relay.Id, cancel),
                _ => Task.CompletedTask,
            },
        });
    }

    /// <summary>
    /// The hub's answer to a command 2.1.1 lacks (CANCEL_RESERVATION), for a 2.1.1 CPO: not supported, and what the
    /// eMSP can do instead, since the reservation stays.
    /// </summary>
    private static V230.CommandResponse NotIn211(object canonical, string name, PartyKey cpo) =>
        HubAnswer(CommandResponseType.NotSupported, $"{cpo} speaks OCPI 2.1.1, which has no {name}" + (canonical is V230.CancelReservation
            ? ": the reservation holds until its expiry_date; a RESERVE_NOW with the same reservation_id and Location replaces it (a sooner expiry_date)"
            : ""));

    /// <summary>
    /// The command as the CPO gets it. A 2.1.1 CPO's reservation ids are integers, and it cannot tell the hub's eMSPs
    /// apart: a RESERVE_NOW carries the hub's number for the eMSP's reservation instead of the eMSP's id, unique at the
    /// CPO and the same when the eMSP sends the reservation again to update it.
    /// </summary>
    private async Task<object> TowardsCpoAsync(object canonical, PartyKey emsp, PartyKey cpo, CancellationToken ct) =>
        canonical is V230.ReserveNow { ReservationId: { } id } reserve && await platforms.FindByPartyAsync(cpo, ct) is { Version: OcpiVersion.V211 }
            ? reserve with { ReservationId = (await store.ReservationNumberAsync(cpo, emsp, id, ct)).ToString(CultureInfo.InvariantCulture) }
            : canonical;

    /// <summary>The hub answers for a CPO that cannot take the command; the eMSP need not wait for a result.</summary>
    private static V230.CommandResponse HubAnswer(CommandResponseType result, string why) => new()
    {
        Result = result,
        Timeout = 0,
        Message = [new DisplayText { Language = "en", Text = why }],
    };

    /// <summary>
    /// The parties that hold what the command names: the Location's CPOs, the Session's, or the CPOs the sender's running
    /// reservation of that id went to, the most recent first (the router takes it when no CPO is named).
    /// </summary>
    private async Task<IReadOnlyList<Holder>> HoldersAsync(object canonical, Platform caller, IReadOnlyList<PartyKey> cpos, CancellationToken ct)
    {
        switch (canonical)
        {
            case V230.StopSession stop:
                return [.. (await data.FindByIdAsync(DataModule.Sessions, cpos, stop.SessionId!, ct)).Select(s => new Holder(s.Owner, s.TokenOwner))];
            case V230.CancelReservation cancel:
                var holders = new List<Holder>();
                foreach (var emsp in caller.Parties.Where(p => string.Equals(p.Role, Party.Emsp, StringComparison.OrdinalIgnoreCase)))
                    holders.AddRange((await store.FindReservationsAsync(emsp.Key, cancel.ReservationId!, ct)).Select(r => new Holder(r.Cpo, emsp.Key)));
                return holders;
            default:
                return [.. (await data.FindByIdAsync(DataModule.Locations, cpos, LocationIdOf(canonical), ct)).Select(l => new Holder(l.Owner))];
        }
    }

    private static string LocationIdOf(object canonical) => canonical switch
    {
        V230.StartSession start => start.LocationId!,
        V230.ReserveNow reserve => reserve.LocationId!,
        V230.UnlockConnector unlock => unlock.LocationId!,
        _ => throw new ArgumentException($"{canonical.GetType().Name} names no Location"),
    };

    /// <summary>The owner of the Token a START_SESSION or RESERVE_NOW carries, where its version names one (2.2.1+).</summary>
    private static PartyKey? TokenOwnerOf(object canonical)
    {
        var token = (canonical as V230.StartSession)?.Token ?? (canonical as V230.ReserveNow)?.Token;
        return token is { CountryCode: { } country, PartyId: { } party } && PartyKey.TryFrom(country, party, out var owner) ? owner : null;
    }

    private static string ResponseUrlOf(object canonical) => canonical switch
    {
        V230.StartSession c => c.ResponseUrl!,
        V230.StopSession c => c.ResponseUrl!,
        V230.ReserveNow c => c.ResponseUrl!,
        V230.CancelReservation c => c.ResponseUrl!,
        V230.UnlockConnector c => c.ResponseUrl!,
        _ => throw new ArgumentException($"{canonical.GetType().Name} is no command"),
    };

    private static object WithResponseUrl(object canonical, string url) => canonical switch
    {
        V230.StartSession c => c with { ResponseUrl = url },
        V230.StopSession c => c with { ResponseUrl = url },
        V230.ReserveNow c => c with { ResponseUrl = url },
        V230.CancelReservation c => c with { ResponseUrl = url },
        V230.UnlockConnector c => c with { ResponseUrl = url },
        _ => throw new ArgumentException($"{canonical.GetType().Name} is no command"),
    };
}
