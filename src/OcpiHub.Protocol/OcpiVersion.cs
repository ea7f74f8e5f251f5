namespace OcpiHub.Protocol;

/// <summary>The OCPI versions the hub speaks. Ordered, so "since 2.2.1" is a comparison.</summary>
public enum OcpiVersion
{
    V211 = 211,
    V221 = 221,
    V230 = 230,
}

public static class OcpiVersions
{
    public static IReadOnlyList<OcpiVersion> All { get; } = [OcpiVersion.V211, OcpiVersion.V221, OcpiVersion.V230];

    public static string ToWire(this OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => "2.1.1",
        OcpiVersion.V221 => "2.2.1",
        OcpiVersion.V230 => "2.3.0",
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>Parses a version as written on the wire; 2.2 and unknown versions are not supported.</summary>
    public static bool TryParse(string? text, out OcpiVersion version)
    {
        version = default;
        return text is not null && TryParse(text.AsSpan(), out version);
    }

    /// <summary>The same, of a part of a text (a path's segment) without copying it out.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out OcpiVersion version)
    {
        foreach (var candidate in All)
        {
            if (text.SequenceEqual(candidate.ToWire()))
            {
                version = candidate;
                return true;
            }
        }
        version = default;
        return false;
    }
}
