using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.ClientInfo;

/// <summary>
/// The hub's HubClientInfo sender interface (2.2.1+): the ClientInfo of every party the caller's parties have an
/// agreement with, paged.
/// </summary>
public static class HubClientInfoEndpoints
{
    private const int MaxLimit = 100;

    public static void MapHubClientInfo(this IEndpointRouteBuilder ocpi)
    {
        ocpi.MapGroup("/{version}/hubclientinfo")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: false)
            .Supports(OcpiMethods.Get)
            .MapGet("", async (HttpContext context, IAgreementStore agreements, IPlatformStore platforms) =>
            {
                var version = context.RequestVersion();
                if (version == OcpiVersion.V211)
                    return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError, "HubClientInfo does not exist in 2.1.1");
                var (page, problem) = Paging.Read(context.Request, MaxLimit);
                if (page is null)
                    return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, problem!);

                var caller = context.Caller().Platform;
                var standings = await platforms.StandingsChangedAsync(context.RequestAborted);
                var infos = new Dictionary<PartyKey, Protocol.V230.ClientInfo>();
                foreach (var party in caller.Parties)
                {
                    foreach (var agreement in await agreements.ForPartyAsync(party.Key, context.RequestAborted))
                    {
                        var subject = agreement.CounterpartOf(party.Key);
                        // Updated by the agreement's change or by the counterpart's (offline, back, unregistered), the later.
                        var updated = standings.TryGetValue(subject, out var changed) && changed.At > agreement.UpdatedAt ? changed.At : agreement.UpdatedAt;
                        infos[subject] = ClientInfoNotifier.Describe(subject, await platforms.FindByPartyAsync(subject, context.RequestAborted), agreement, updated);
                    }
                }
                var matching = infos.Values.Where(i => page.Includes(i.LastUpdated!.Value)).OrderBy(i => i.LastUpdated).ThenBy(i => i.CountryCode + i.PartyId).ToList();
                var slice = matching.Skip(page.Offset).Take(page.Limit).ToList();
                Paging.WriteHeaders(context, page, slice.Count, page.Offset + slice.Count < matching.Count, MaxLimit,
                    caller.Settings.TotalCountHeader ? matching.Count : null);
                return OcpiResults.Ok(slice, version);
            });
    }
}
