namespace OcpiHub.Protocol.V211;

/// <summary>
/// Translates 2.1.1 objects to the canonical 2.3.0 model and back, one overload pair per object, a file per
/// module. What 2.1.1 has and 2.3.0 lacks rides along as carried extension data (<see cref="Translation.Carry"/>);
/// what 2.3.0 has and 2.1.1 cannot carry is reported on the context as a loss.
/// </summary>
public static partial class Translator
{
    private const OcpiVersion To = OcpiVersion.V211;
}
