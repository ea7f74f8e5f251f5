namespace OcpiHub.Protocol.Enums;

/// <summary>
/// An OCPI enumeration value. Values are kept as written, so an unknown value survives a round trip
/// (2.3.0 OpenEnums allow custom values); whether a value belongs to a version is the validator's question,
/// answered by the enum's <see cref="EnumDomain"/>.
/// </summary>
public interface IOcpiEnum
{
    string Value { get; }
}

public interface IOcpiEnum<TSelf> : IOcpiEnum where TSelf : struct, IOcpiEnum<TSelf>
{
    static abstract TSelf From(string value);
    static abstract EnumDomain Domain { get; }
}
