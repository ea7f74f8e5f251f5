using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// CDRs: the 2.2.1 CDR differs from 2.3.0 by its Prices and Tariffs; CdrLocation and SignedData are the 2.3.0 types
// (ConnectorType MCS and SAE_J3400 are new in 2.3.0).
public static partial class Translator
{
    public static V230.Cdr ToCanonical(Cdr cdr, TranslationContext context) => new()
    {
        CountryCode = cdr.CountryCode,
        PartyId = cdr.PartyId,
        Id = cdr.Id,
        StartDateTime = cdr.StartDateTime,
        EndDateTime = cdr.EndDateTime,
        SessionId = cdr.SessionId,
        CdrToken = cdr.CdrToken,
        AuthMethod = cdr.AuthMethod,
        AuthorizationReference = cdr.AuthorizationReference,
        CdrLocation = cdr.CdrLocation,
        MeterId = cdr.MeterId,
        Currency = cdr.Currency,
        Tariffs = cdr.Tariffs?.Select(tariff => ToCanonical(tariff, context)).ToArray(),
        ChargingPeriods = cdr.ChargingPeriods,
        SignedData = cdr.SignedData,
        TotalCost = ToCanonical(cdr.TotalCost, context),
        TotalFixedCost = ToCanonical(cdr.TotalFixedCost, context),
        TotalEnergy = cdr.TotalEnergy,
        TotalEnergyCost = ToCanonical(cdr.TotalEnergyCost, context),
        TotalTime = cdr.TotalTime,
        TotalTimeCost = ToCanonical(cdr.TotalTimeCost, context),
        TotalParkingTime = cdr.TotalParkingTime,
        TotalParkingCost = ToCanonical(cdr.TotalParkingCost, context),
        TotalReservationCost = ToCanonical(cdr.TotalReservationCost, context),
        Remark = cdr.Remark,
        InvoiceReferenceId = cdr.InvoiceReferenceId,
        Credit = cdr.Credit,
        CreditReferenceId = cdr.CreditReferenceId,
        HomeChargingCompensation = cdr.HomeChargingCompensation,
        LastUpdated = cdr.LastUpdated,
        Extensions = cdr.Extensions,
    };

    public static Cdr FromCanonical(V230.Cdr cdr, TranslationContext context) => new()
    {
        CountryCode = cdr.CountryCode,
        PartyId = cdr.PartyId,
        Id = cdr.Id,
        StartDateTime = cdr.StartDateTime,
        EndDateTime = cdr.EndDateTime,
        SessionId = cdr.SessionId,
        CdrToken = cdr.CdrToken is null ? null : FromCanonical(cdr.CdrToken, context),
        AuthMethod = cdr.AuthMethod,
        AuthorizationReference = cdr.AuthorizationReference,
        CdrLocation = cdr.CdrLocation is null ? null : FromCanonical(cdr.CdrLocation, context),
        MeterId = cdr.MeterId,
        Currency = cdr.Currency,
        Tariffs = cdr.Tariffs?.Select(tariff => FromCanonical(tariff, context)).ToArray(),
        ChargingPeriods = cdr.ChargingPeriods?.Select(period => FromCanonical(period, context)).ToArray(),
        SignedData = cdr.SignedData is null ? null : FromCanonical(cdr.SignedData, context),
        TotalCost = FromCanonical(cdr.TotalCost, context, nameof(Cdr), "total_cost"),
        TotalFixedCost = FromCanonical(cdr.TotalFixedCost, context, nameof(Cdr), "total_fixed_cost"),
        TotalEnergy = cdr.TotalEnergy,
        TotalEnergyCost = FromCanonical(cdr.TotalEnergyCost, context, nameof(Cdr), "total_energy_cost"),
        TotalTime = cdr.TotalTime,
        TotalTimeCost = FromCanonical(cdr.TotalTimeCost, context, nameof(Cdr), "total_time_cost"),
        TotalParkingTime = cdr.TotalParkingTime,
        TotalParkingCost = FromCanonical(cdr.TotalParkingCost, context, nameof(Cdr), "total_parking_cost"),
        TotalReservationCost = FromCanonical(cdr.TotalReservationCost, context, nameof(Cdr), "total_reservation_cost"),
        Remark = cdr.Remark,
        InvoiceReferenceId = cdr.InvoiceReferenceId,
        Credit = cdr.Credit,
        CreditReferenceId = cdr.CreditReferenceId,
        HomeChargingCompensation = cdr.HomeChargingCompensation,
        LastUpdated = cdr.LastUpdated,
        Extensions = Carry.Strip(cdr.Extensions),
    };

    public static CdrLocation ToCanonical(CdrLocation place, TranslationContext context) => place;

    public static CdrLocation FromCanonical(CdrLocation place, TranslationContext context) => place with
    {
        // Required, with no 2.2.1 equivalent for MCS, SAE_J3400 or a custom plug, and a CDR is a bill that cannot be
        // held back like a connector: such a standard goes as it is, reported.
        ConnectorStandard = EnumTranslation.Down(place.ConnectorStandard, To, context, nameof(CdrLocation), "connector_standard", place.ConnectorStandard),
        Extensions = Carry.Strip(place.Extensions),
    };

    public static SignedData ToCanonical(SignedData data, TranslationContext context) => data;

    public static SignedData FromCanonical(SignedData data, TranslationContext context) => data with { Extensions = Carry.Strip(data.Extensions) };
}
