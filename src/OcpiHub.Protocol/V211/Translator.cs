namespace OcpiHub.Protocol.V211;

/// <summary>
/// Translates 2.1.1 objects to the canonical 2.3.0 model and back, one overload pair per object, a file per
/// module. What 2.1.1 has and 2.3.0 lacks rides along as carried extension data (<see cref="Translation.Carry"/>);
/// what 2.3.0 has and 2.1.1 cannot carry is reported on the context as a loss.
/// </summary>
public static partial class Translator
{
    private const OcpiVersion To = OcpiVersion.V211;

    /// <summary>
    /// An id longer than the 36 characters <paramref name="to"/> allows (2.1.1 Location ids and EVSE uids may have 39,
    /// a 2.3.0 credit CDR's id more than 2.1.1's 36): never shortened, ids being keys; reported.
    /// </summary>
    private static void ReportLongId(string? id, string objectName, string field, OcpiVersion from, OcpiVersion to, Translation.TranslationContext context)
    {
        if (id is { Length: > 36 })
            context.Lost(objectName, field, from, to, $"'{id}' is longer than the 36 characters of {to.ToWire()}: sent as it is");
    }
}
