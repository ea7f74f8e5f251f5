using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Agreements;

public enum AgreementStatus
{
    Active,
    Suspended,
    Ended,
}

/// <summary>A roaming agreement: without an active one, a CPO party and an eMSP party exchange nothing.</summary>
public sealed record Agreement(string Id, PartyKey Cpo, PartyKey Emsp, AgreementStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public bool IsActive => Status == AgreementStatus.Active;

    /// <summary>
    /// When data between the two last stopped (the agreement suspended, or ended while active); null while it never has.
    /// Renewed, the agreement withdraws what was removed since (<see cref="CatchUp.WithdrawSince"/>).
    /// </summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>
    /// The shared state version the change that stopped data raised as it committed (recorded by the store): a change
    /// written at it or later was written seeing data stopped, and sent the counterpart nothing.
    /// </summary>
    public long? StoppedVersion { get; init; }

    /// <summary>When data between the two last stopped, as a withdraw starts from it; null while it never has.</summary>
    public DataStop? Stopped => StoppedAt is { } at ? new(at, StoppedVersion) : null;

    public bool Involves(PartyKey party) => Cpo == party || Emsp == party;

    public PartyKey CounterpartOf(PartyKey party) => party == Cpo ? Emsp : Cpo;
}

/// <summary>
/// When data to a receiver stopped, where its withdraw starts: <paramref name="At"/> on the clock (who could see a Tariff
/// then; what was stored before) and, where known, <paramref name="StateVersion"/>, the shared state version the stopping
/// change raised: what stopped reaching the receiver is taken from it on, whatever the clocks of the nodes that wrote it
/// say; without it (none was recorded), from <paramref name="At"/>.
/// </summary>
public readonly record struct DataStop(DateTimeOffset At, long? StateVersion);
