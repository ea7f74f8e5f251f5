namespace OcpiHub.Protocol.Enums;

/// <summary>What a price component prices. Spec: <c>TariffDimensionType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<TariffDimensionType>))]
public readonly record struct TariffDimensionType(string Value) : IOcpiEnum<TariffDimensionType>
{
    public static readonly TariffDimensionType Energy = new("ENERGY");
    public static readonly TariffDimensionType Flat = new("FLAT");
    public static readonly TariffDimensionType ParkingTime = new("PARKING_TIME");
    public static readonly TariffDimensionType Time = new("TIME");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("ENERGY", "FLAT", "PARKING_TIME", "TIME");

    public static TariffDimensionType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Which sessions a tariff is for (2.2.1+). Spec: <c>TariffType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<TariffType>))]
public readonly record struct TariffType(string Value) : IOcpiEnum<TariffType>
{
    public static readonly TariffType AdHocPayment = new("AD_HOC_PAYMENT");
    public static readonly TariffType ProfileCheap = new("PROFILE_CHEAP");
    public static readonly TariffType ProfileFast = new("PROFILE_FAST");
    public static readonly TariffType ProfileGreen = new("PROFILE_GREEN");
    public static readonly TariffType Regular = new("REGULAR");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR");

    public static TariffType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>A weekday of a tariff restriction. Spec: <c>DayOfWeek</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<DayOfWeek>))]
public readonly record struct DayOfWeek(string Value) : IOcpiEnum<DayOfWeek>
{
    public static readonly DayOfWeek Monday = new("MONDAY");
    public static readonly DayOfWeek Tuesday = new("TUESDAY");
    public static readonly DayOfWeek Wednesday = new("WEDNESDAY");
    public static readonly DayOfWeek Thursday = new("THURSDAY");
    public static readonly DayOfWeek Friday = new("FRIDAY");
    public static readonly DayOfWeek Saturday = new("SATURDAY");
    public static readonly DayOfWeek Sunday = new("SUNDAY");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");

    public static DayOfWeek From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Marks an element as reservation costs (2.2.1+). Spec: <c>ReservationRestrictionType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ReservationRestrictionType>))]
public readonly record struct ReservationRestrictionType(string Value) : IOcpiEnum<ReservationRestrictionType>
{
    public static readonly ReservationRestrictionType Reservation = new("RESERVATION");
    public static readonly ReservationRestrictionType ReservationExpires = new("RESERVATION_EXPIRES");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "RESERVATION", "RESERVATION_EXPIRES");

    public static ReservationRestrictionType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Whether tariff prices include taxes (2.3.0). Spec: <c>TaxIncluded</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<TaxIncluded>))]
public readonly record struct TaxIncluded(string Value) : IOcpiEnum<TaxIncluded>
{
    public static readonly TaxIncluded Yes = new("YES");
    public static readonly TaxIncluded No = new("NO");
    public static readonly TaxIncluded NotApplicable = new("N/A");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V230, "YES", "NO", "N/A");

    public static TaxIncluded From(string value) => new(value);

    public override string ToString() => Value;
}
