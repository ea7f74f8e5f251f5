using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Charging Profiles are unchanged from 2.2.1 to 2.3.0, enums included: the objects pass as they are. The pairs
// exist so every object has its translator.
public static partial class Translator
{
    public static SetChargingProfile ToCanonical(SetChargingProfile value, TranslationContext context) => value;
    public static SetChargingProfile FromCanonical(SetChargingProfile value, TranslationContext context) => value;

    public static ChargingProfile ToCanonical(ChargingProfile value, TranslationContext context) => value;
    public static ChargingProfile FromCanonical(ChargingProfile value, TranslationContext context) => value;

    public static ActiveChargingProfile ToCanonical(ActiveChargingProfile value, TranslationContext context) => value;
    public static ActiveChargingProfile FromCanonical(ActiveChargingProfile value, TranslationContext context) => value;

    public static ChargingProfileResponse ToCanonical(ChargingProfileResponse value, TranslationContext context) => value;
    public static ChargingProfileResponse FromCanonical(ChargingProfileResponse value, TranslationContext context) => value;

    public static ActiveChargingProfileResult ToCanonical(ActiveChargingProfileResult value, TranslationContext context) => value;
    public static ActiveChargingProfileResult FromCanonical(ActiveChargingProfileResult value, TranslationContext context) => value;

    public static ChargingProfileResult ToCanonical(ChargingProfileResult value, TranslationContext context) => value;
    public static ChargingProfileResult FromCanonical(ChargingProfileResult value, TranslationContext context) => value;

    public static ClearProfileResult ToCanonical(ClearProfileResult value, TranslationContext context) => value;
    public static ClearProfileResult FromCanonical(ClearProfileResult value, TranslationContext context) => value;
}
