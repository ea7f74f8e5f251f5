namespace OcpiHub.Protocol.Enums;

/// <summary>
/// The values an OCPI enum has in each version, and whether it is open (an OpenEnum in 2.3.0: other values are
/// tolerated in every version rather than rejected, since older peers relay them too).
/// </summary>
public sealed class EnumDomain
{
    private readonly Dictionary<string, (OcpiVersion From, OcpiVersion Until)> values = new(StringComparer.Ordinal);

    private EnumDomain(bool isOpen) => IsOpen = isOpen;

    public bool IsOpen { get; }

    /// <summary>
    /// The longest value any enum may have, open ones too. OCPI's values are short words; a value is also written where
    /// ids are (a Token's type keys it and goes in its URL's <c>?type=</c>), so it gets the bound of OCPI's longest
    /// CiString and of a URL: 255 characters.
    /// </summary>
    public const int MaxValueLength = 255;

    /// <summary>A closed enum whose <paramref name="values"/> exist in every version.</summary>
    public static EnumDomain Closed(params string[] values) => new EnumDomain(false).Since(OcpiVersion.V211, values);

    /// <summary>An OpenEnum (2.3.0) whose <paramref name="values"/> exist in every version.</summary>
    public static EnumDomain Open(params string[] values) => new EnumDomain(true).Since(OcpiVersion.V211, values);

    /// <summary>Values added in <paramref name="version"/>.</summary>
    public EnumDomain Since(OcpiVersion version, params string[] added)
    {
        foreach (var value in added)
            values[value] = (version, OcpiVersion.V230);
        return this;
    }

    /// <summary>Values that exist only up to <paramref name="version"/> (removed afterwards).</summary>
    public EnumDomain Until(OcpiVersion version, params string[] removedAfter)
    {
        foreach (var value in removedAfter)
            values[value] = (OcpiVersion.V211, version);
        return this;
    }

    public bool Defines(string value, OcpiVersion version) =>
        values.TryGetValue(value, out var span) && span.From <= version && version <= span.Until;

    public bool Accepts(string value, OcpiVersion version) => IsOpen || Defines(value, version);

    /// <summary>
    /// Whether a receiver of <paramref name="version"/> must take values the version does not define: OpenEnums are
    /// open from 2.3.0 on, the same enums of 2.1.1 and 2.2.1 are fixed lists their receivers check.
    /// </summary>
    public bool IsOpenIn(OcpiVersion version) => IsOpen && version >= OcpiVersion.V230;

    public IEnumerable<string> ValuesIn(OcpiVersion version) =>
        values.Where(v => v.Value.From <= version && version <= v.Value.Until).Select(v => v.Key);
}
