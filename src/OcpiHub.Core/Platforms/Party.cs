namespace OcpiHub.Core.Platforms;

/// <summary>One role a platform plays: a CPO, an eMSP or another OCPI role, under its party ids.</summary>
public sealed record Party(PartyKey Key, string Role, string? Name = null)
{
    public const string Cpo = "CPO";
    public const string Emsp = "EMSP";
}
