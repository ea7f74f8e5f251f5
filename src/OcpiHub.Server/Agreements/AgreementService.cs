using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Agreements;

/// <summary>An agreement change the operator asked for that cannot be made, and the HTTP status saying why.</summary>
public sealed class AgreementException(int httpStatus, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
}

/// <summary>
/// Makes, suspends, resumes and ends roaming agreements; both parties hear of each change through HubClientInfo, and a new
/// agreement brings each side the other's stored data: catch-ups stored with the change, in its transaction, that run on
/// after the request is answered (a client gone or a node stopped meanwhile loses none).
/// </summary>
public sealed class AgreementService(IAgreementStore agreements, IPlatformStore platforms, AgreementBackfill backfill,
    TimeProvider clock)
{
    public async Task<Agreement> CreateAsync(PartyKey cpo, PartyKey emsp, string correlationId, CancellationToken cancellationToken)
    {
        await EnsurePartyAsync(cpo, Party.Cpo, cancellationToken);
        await EnsurePartyAsync(emsp, Party.Emsp, cancellationToken);
        if ((await agreements.ForPartyAsync(cpo, cancellationToken)).FirstOrDefault(a => a.Emsp == emsp) is { } existing)
            throw new AgreementException(StatusCodes.Status409Conflict, $"{cpo} and {emsp} already have agreement {existing.Id} ({existing.Status})");

        var now = clock.GetUtcNow();
        var agreement = new Agreement(Guid.NewGuid().ToString(), cpo, emsp, AgreementStatus.Active, now, now);
        // The two had an agreement before: what was removed since data between them stopped is withdrawn.
        var stopped = (await agreements.AllAsync(cancellationToken)).Where(a => a.Cpo == cpo && a.Emsp == emsp && a.StoppedAt is not null).MaxBy(a => a.StoppedAt)?.Stopped;
        try
        {
            await agreements.AddAsync(agreement, [.. CatchUps.AfterAgreementChange(agreement, correlationId, stopped)], cancellationToken);
        }
        catch (AgreementExistsException e)
        {
            // Made by a request running alongside this one (a double-click, a retry), or on another node.
            throw new AgreementException(StatusCodes.Status409Conflict, e.Message);
        }
        backfill.Started();
        return agreement;
    }

    public Task<Agreement> SuspendAsync(string id, string correlationId, CancellationToken cancellationToken) =>
        ChangeAsync(id, AgreementStatus.Suspended, correlationId, cancellationToken);

    /// <summary>
    /// A suspended agreement made active again: like a new one it brings each side the other's stored data, as nothing
    /// went between them while it was suspended, and withdraws what was removed meanwhile.
    /// </summary>
    public Task<Agreement> ResumeAsync(string id, string correlationId, CancellationToken cancellationToken) =>
        ChangeAsync(id, AgreementStatus.Active, correlationId, cancellationToken);

    public Task<Agreement> EndAsync(string id, string correlationId, CancellationToken cancellationToken) =>
        ChangeAsync(id, AgreementStatus.Ended, correlationId, cancellationToken);

    private async Task<Agreement> ChangeAsync(string id, AgreementStatus status, string correlationId, CancellationToken cancellationToken)
    {
        var agreement = await agreements.FindAsync(id, cancellationToken) ?? throw new AgreementException(StatusCodes.Status404NotFound, $"no agreement {id}");
        if (agreement.Status == AgreementStatus.Ended)
            throw new AgreementException(StatusCodes.Status409Conflict, $"agreement {id} has ended");
        if (status == AgreementStatus.Active && agreement.Status != AgreementStatus.Suspended)
            throw new AgreementException(StatusCodes.Status409Conflict, $"agreement {id} is not suspended");
        var now = clock.GetUtcNow();
        var changed = agreement with { Status = status, UpdatedAt = now, StoppedAt = agreement.IsActive ? now : agreement.StoppedAt };
        if (!await agreements.UpdateAsync(changed, agreement.Status, [.. CatchUps.AfterAgreementChange(changed, correlationId, agreement.Stopped)], cancellationToken))
            throw new AgreementException(StatusCodes.Status409Conflict, $"agreement {id} was changed meanwhile; read it again");
        backfill.Started();
        return changed;
    }

    /// <summary>Agreements name parties the hub knows in the role they play, so a mistyped id is caught here.</summary>
    private async Task EnsurePartyAsync(PartyKey key, string role, CancellationToken cancellationToken)
    {
        var platform = await platforms.FindByPartyAsync(key, cancellationToken);
        if (platform is null || !platform.PartiesOrDeclared.Any(p => p.Key == key && p.Role == role))
            throw new AgreementException(StatusCodes.Status400BadRequest, $"{key} is not a known {role} party");
    }
}
