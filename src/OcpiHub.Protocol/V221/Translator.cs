namespace OcpiHub.Protocol.V221;

/// <summary>
/// Translates 2.2.1 objects to the canonical 2.3.0 model and back. Most 2.2.1 objects are the 2.3.0 types
/// (2.3.0 only added fields); only Price, Tariff, Session and CDR differ in shape. Down-translation reports
/// on the context what 2.2.1 cannot carry.
/// </summary>
public static partial class Translator
{
    private const OcpiVersion To = OcpiVersion.V221;
}
