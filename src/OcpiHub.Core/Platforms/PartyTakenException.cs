namespace OcpiHub.Core.Platforms;

/// <summary>A platform was saved carrying a party that another platform carries (two claiming it at the same moment).</summary>
public sealed class PartyTakenException(PartyKey party) : Exception($"party {party} is already connected through another platform")
{
    public PartyKey Party { get; } = party;
}
