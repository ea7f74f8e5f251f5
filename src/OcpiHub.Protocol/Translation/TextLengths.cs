namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Texts longer than an older version allows. A Location's (and a CDR place's) <c>address</c> and <c>state</c> have
/// 45 and 20 characters in 2.1.1 (address only), the tagged 2.2.1 release and its JSON schemas, which strict
/// receivers check; the 2.2.1 bugfix branch says 255 and 45, which the hub accepts (docs/interoperability.md).
/// </summary>
public static class TextLengths
{
    public const int Address = 45;
    public const int State = 20;

    /// <summary>The text cut to <paramref name="maxLength"/> characters for <paramref name="to"/>, reported.</summary>
    public static string? Truncated(string? text, int maxLength, OcpiVersion to, TranslationContext context, string objectName, string field)
    {
        if (text is null || text.Length <= maxLength)
            return text;
        context.Lost(objectName, field, OcpiVersion.V230, to, $"longer than the {maxLength} characters of {to.ToWire()}: truncated");
        return text[..maxLength];
    }
}
