namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Something a down-translation could not carry to the older version, reported to the caller (and listed in
/// docs/interoperability.md) rather than dropped silently.
/// </summary>
public sealed record TranslationLoss(string Object, string Field, OcpiVersion From, OcpiVersion To, string What)
{
    public override string ToString() => $"{Object}.{Field} ({From.ToWire()} -> {To.ToWire()}): {What}";
}
