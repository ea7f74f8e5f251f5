using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Server.Onboarding;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.ClientInfo;

/// <summary>
/// HubClientInfo (2.2.1+): tells each party of an agreement how its counterpart stands, when the agreement is
/// made, suspended or ended and when the counterpart's connection goes OFFLINE or comes back.
/// </summary>
public sealed class ClientInfoNotifier(
    IPlatformStore platforms, IAgreementStore agreements, PartnerClient client, Hosting.HubSecrets secrets, TimeProvider clock,
    ILogger<ClientInfoNotifier> log)
{
    public async Task AgreementChangedAsync(Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        await TellAsync(agreement.Cpo, agreement, correlationId, cancellationToken);
        await TellAsync(agreement.Emsp, agreement, correlationId, cancellationToken);
    }

    /// <summary>A platform went OFFLINE or came back: its parties' counterparts hear of it.</summary>
    public async Task PlatformStatusChangedAsync(Platform platform, string correlationId, CancellationToken cancellationToken)
    {
        foreach (var party in platform.Parties)
        {
            foreach (var agreement in await agreements.ForPartyAsync(party.Key, cancellationToken))
                await TellAsync(agreement.CounterpartOf(party.Key), agreement, correlationId, cancellationToken);
        }
    }

    /// <summary>How <paramref name="subject"/> stands for its counterpart in <paramref name="agreement"/>.</summary>
    public static V230.ClientInfo Describe(PartyKey subject, Platform? subjectPlatform, Agreement agreement, DateTimeOffset lastUpdated) => new()
    {
        CountryCode = subject.CountryCode,
        PartyId = subject.PartyId,
        Role = subject == agreement.Cpo ? Role.Cpo : Role.Emsp,
        Status = !agreement.IsActive
            ? ConnectionStatus.Suspended
            // A party of an agreement was connected when the agreement was made: carried by no registered
            // platform any more (its platform unregistered or was removed), it is suspended.
            : subjectPlatform?.Status switch
            {
                PlatformStatus.Connected => ConnectionStatus.Connected,
                PlatformStatus.Offline => ConnectionStatus.Offline,
                _ => ConnectionStatus.Suspended,
            },
        LastUpdated = lastUpdated,
    };

    private async Task TellAsync(PartyKey receiver, Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        var receiverPlatform = await platforms.FindByPartyAsync(receiver, cancellationToken);
        if (receiverPlatform is not { IsRegistered: true, Version: >= OcpiVersion.V221 } target
            || target.Endpoint("hubclientinfo", InterfaceRole.Receiver.Value) is not { } endpoint
            || await platforms.OutboundTokenAsync(target.Id, cancellationToken) is not { } sealedToken)
            return;

        var subject = agreement.CounterpartOf(receiver);
        var info = Describe(subject, await platforms.FindByPartyAsync(subject, cancellationToken), agreement, clock.GetUtcNow());
        var auth = OutboundAuth.For(secrets.Cipher.Decrypt(sealedToken), target.Version!.Value, target.Settings.OutboundTokenBase64);
        var url = $"{endpoint.Url.TrimEnd('/')}/{subject.CountryCode}/{subject.PartyId}";
        try
        {
            var answer = await client.SendAsync<System.Text.Json.Nodes.JsonNode>(HttpMethod.Put, url, auth, target.Version.Value, correlationId, info,
                cancellationToken, new Messages.PartnerCallInfo(target.Id, "hubclientinfo", To: receiver));
            if (answer.HttpStatus is < 200 or >= 300)
                log.LogWarning("ClientInfo for {Subject} to platform {Platform}: {Answer}", subject, target.Name, answer.Describe());
        }
        catch (PartnerCallException e)
        {
            log.LogWarning("ClientInfo for {Subject} to platform {Platform} failed: {Reason}", subject, target.Name, e.Message);
        }
    }
}
