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

    public bool Involves(PartyKey party) => Cpo == party || Emsp == party;

    public PartyKey CounterpartOf(PartyKey party) => party == Cpo ? Emsp : Cpo;
}
