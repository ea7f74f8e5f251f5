using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// CDRs: 2.1.1 has stop_date_time, names the token by auth_id, embeds the Location (2.2+: cdr_location) and has
// one total_cost excluding VAT, without the cost breakdown, signed data or credit fields of 2.2+.
public static partial class Translator
{
    public static V230.Cdr ToCanonical(Cdr cdr, TranslationContext context)
    {
        var (periods, carriedPeriods) = PeriodsUp(cdr.ChargingPeriods, nameof(Cdr), context);
        var place = CdrLocationOf(cdr.Location);
        if (place is { EvseId: null } && !context.IsPatch)
            context.Lost(nameof(Cdr), "cdr_location.evse_id", To, OcpiVersion.V230, "the 2.1.1 EVSE has no evse_id, required in cdr_location");
        return new()
        {
            CountryCode = context.Owner?.CountryCode,
            PartyId = context.Owner?.PartyId,
            Id = cdr.Id,
            StartDateTime = cdr.StartDateTime,
            EndDateTime = cdr.StopDateTime,
            CdrToken = CdrTokenOf(cdr.AuthId, nameof(Cdr), context),
            AuthMethod = cdr.AuthMethod,
            CdrLocation = place,
            MeterId = cdr.MeterId,
            Currency = cdr.Currency,
            Tariffs = cdr.Tariffs?.Select(tariff => ToCanonical(tariff, context)).ToArray(),
            ChargingPeriods = WithTariffOfPeriods(WithPeriodOfTotals(periods,
                (cdr.StartDateTime, cdr.TotalEnergy, cdr.TotalTime, cdr.TotalParkingTime), To, OcpiVersion.V230, context), cdr.Tariffs, context),
            TotalCost = ToCanonicalPrice(cdr.TotalCost),
            TotalEnergy = cdr.TotalEnergy,
            TotalTime = cdr.TotalTime,
            TotalParkingTime = cdr.TotalParkingTime,
            Remark = cdr.Remark,
            LastUpdated = cdr.LastUpdated,
            Extensions = Carry.Up(cdr.Extensions, To,
                (CarriedLocation, Carry.Node(cdr.Location, To)), (CarriedPeriods, carriedPeriods)),
        };
    }

    /// <summary>
    /// A CDR needs a charging period in every version, and one whose periods held only dimensions the other version
    /// lacks (2.1.1's FLAT; 2.2's RESERVATION_TIME, MAX_POWER…) has none left: its own totals stand in as one period
    /// from the start, so the receiver gets what was charged for rather than an invalid CDR.
    /// </summary>
    private static IReadOnlyList<V230.ChargingPeriod>? WithPeriodOfTotals(IReadOnlyList<V230.ChargingPeriod>? periods,
        (DateTimeOffset? Start, decimal? Energy, decimal? Time, decimal? Parking) cdr, OcpiVersion from, OcpiVersion to, TranslationContext context)
    {
        if (periods is not { Count: 0 })
            return periods;
        context.Lost(nameof(Cdr), "charging_periods", from, to,
            "no period held a dimension defined here: one period of the CDR's total energy and time sent in their place");
        // TIME is time charging, total_time the whole session: the parking time is its own dimension.
        var parking = cdr.Parking is > 0 ? cdr.Parking : null;
        List<CdrDimension> dimensions =
        [
            new() { Type = CdrDimensionType.Energy, Volume = cdr.Energy },
            new() { Type = CdrDimensionType.Time, Volume = cdr.Time - (parking ?? 0) },
        ];
        if (parking is not null)
            dimensions.Add(new() { Type = CdrDimensionType.ParkingTime, Volume = parking });
        return [new() { StartDateTime = cdr.Start, Dimensions = dimensions }];
    }

    /// <summary>
    /// From 2.2 on, a period without a tariff_id is one no tariff applied to; 2.1.1 names the CDR's tariffs only. A
    /// CDR of one tariff was charged by it in every period; of several, which applied when is not said.
    /// </summary>
    private static IReadOnlyList<V230.ChargingPeriod>? WithTariffOfPeriods(IReadOnlyList<V230.ChargingPeriod>? periods,
        IReadOnlyList<Tariff>? tariffs, TranslationContext context)
    {
        if (periods is null || tariffs is not { Count: > 0 })
            return periods;
        if (tariffs is not [{ Id: { } tariffId }])
        {
            context.Lost(nameof(Cdr), "charging_periods.tariff_id", To, OcpiVersion.V230,
                $"2.1.1 does not say which of its {tariffs.Count} tariffs applied to each period: left unset");
            return periods;
        }
        return periods.Select(p => p.TariffId is null ? p with { TariffId = tariffId } : p).ToArray();
    }

    public static Cdr FromCanonical(V230.Cdr cdr, TranslationContext context)
    {
        const string name = nameof(Cdr);
        ReportDropped(cdr, context);
        ReportLongId(cdr.Id, name, "id", OcpiVersion.V230, To, context);
        var owner = cdr.CountryCode is { } country && cdr.PartyId is { } party ? new PartyRef(country, party) : context.Owner;
        var place = cdr.CdrLocation;
        var tariffs = TariffsFor211(cdr.Tariffs, context);
        return new()
        {
            Id = cdr.Id,
            StartDateTime = cdr.StartDateTime,
            StopDateTime = cdr.EndDateTime,
            AuthId = cdr.CdrToken?.ContractId,
            AuthMethod = EnumTranslation.Down(cdr.AuthMethod, To, context, name, "auth_method", AuthMethod.AuthRequest),
            Location = place is null ? null
                : EmbeddedLocation(name, owner, (place.Id, place.EvseUid, place.ConnectorId), place, cdr.Extensions, cdr.StartDateTime, context,
                    tariffs is [{ Id: var chargedBy }] ? chargedBy : null),
            MeterId = cdr.MeterId,
            Currency = cdr.Currency,
            Tariffs = tariffs,
            ChargingPeriods = WithPeriodOfTotals(PeriodsDown(cdr.ChargingPeriods, cdr.Extensions, name, context, cdr.Tariffs is [{ Id: var only }] ? only : null),
                (cdr.StartDateTime, cdr.TotalEnergy, cdr.TotalTime, cdr.TotalParkingTime), OcpiVersion.V230, To, context),
            TotalCost = FromCanonicalPrice(cdr.TotalCost, context, name, "total_cost"),
            TotalEnergy = cdr.TotalEnergy,
            TotalTime = cdr.TotalTime,
            TotalParkingTime = cdr.TotalParkingTime,
            Remark = cdr.Remark,
            LastUpdated = cdr.LastUpdated,
            Extensions = Carry.Strip(cdr.Extensions),
        };
    }

    /// <summary>
    /// The CDR's tariffs as 2.1.1 writes them, without those of reservation elements alone: nothing of them is left
    /// for 2.1.1, which requires an element (reported).
    /// </summary>
    private static IReadOnlyList<Tariff>? TariffsFor211(IReadOnlyList<V230.Tariff>? tariffs, TranslationContext context) =>
        EnumTranslation.DropIncomplete(tariffs?.Select(tariff => FromCanonical(tariff, context)).ToArray(), tariff => tariff.Elements is { Count: 0 },
            tariff => tariff.Id, To, context, nameof(Cdr), "tariffs", "only reservation elements, none of which 2.1.1 has");

    private static void ReportDropped(V230.Cdr cdr, TranslationContext context)
    {
        const string name = nameof(Cdr);
        const string breakdown = "dropped: 2.1.1 has only total_cost";
        context.Drop(cdr.SessionId, name, "session_id", To, "dropped: new in 2.2");
        context.Drop(cdr.AuthorizationReference, name, "authorization_reference", To, "dropped: new in 2.2");
        context.Drop(cdr.SignedData, name, "signed_data", To, "dropped: 2.1.1 has no signed meter values");
        context.Drop(cdr.TotalFixedCost, name, "total_fixed_cost", To, breakdown);
        context.Drop(cdr.TotalEnergyCost, name, "total_energy_cost", To, breakdown);
        context.Drop(cdr.TotalTimeCost, name, "total_time_cost", To, breakdown);
        context.Drop(cdr.TotalParkingCost, name, "total_parking_cost", To, breakdown);
        context.Drop(cdr.TotalReservationCost, name, "total_reservation_cost", To, breakdown);
        context.Drop(cdr.InvoiceReferenceId, name, "invoice_reference_id", To, "dropped: new in 2.2");
        if (cdr.Credit == true)
            context.Lost(name, "credit", OcpiVersion.V230, To, "dropped: 2.1.1 has no credit CDRs; it arrives as a CDR with a negative total_cost");
        context.Drop(cdr.CreditReferenceId, name, "credit_reference_id", To, "dropped: 2.1.1 has no credit CDRs");
        if (cdr.HomeChargingCompensation == true)
            context.Lost(name, "home_charging_compensation", OcpiVersion.V230, To, "dropped: new in 2.2");
    }
}
