using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Locations module, 2.1.1 types that differ from 2.3.0.

/// <summary>A charging location: address, coordinates, EVSEs and what surrounds them.</summary>
public sealed record Location : OcpiObject
{
    [Required, Str(39)] public string? Id { get; init; }
    [Str(255)] public string? Name { get; init; }
    [Required, Str(45)] public string? Address { get; init; }
    [Required, Str(45)] public string? City { get; init; }
    [Required, Str(10)] public string? PostalCode { get; init; }
    [Required, Format(TextFormat.Country)] public string? Country { get; init; }
    [Required] public GeoLocation? Coordinates { get; init; }
    public IReadOnlyList<AdditionalGeoLocation>? RelatedLocations { get; init; }
    public IReadOnlyList<Evse>? Evses { get; init; }
    public IReadOnlyList<DisplayText>? Directions { get; init; }
    public BusinessDetails? Operator { get; init; }
    public BusinessDetails? Suboperator { get; init; }
    public BusinessDetails? Owner { get; init; }
    public IReadOnlyList<Facility>? Facilities { get; init; }
    [Str(255)] public string? TimeZone { get; init; }
    public Hours? OpeningTimes { get; init; }
    public bool? ChargingWhenClosed { get; init; }
    public IReadOnlyList<Image>? Images { get; init; }
    public EnergyMix? EnergyMix { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
    [Required] public LocationType? Type { get; init; }
}

/// <summary>An EVSE: one point that can charge one vehicle at a time, with its connectors.</summary>
public sealed record Evse : OcpiObject
{
    [Required, Str(39)] public string? Uid { get; init; }
    [Str(48)] public string? EvseId { get; init; }
    [Required] public EvseStatus? Status { get; init; }
    public IReadOnlyList<StatusSchedule>? StatusSchedule { get; init; }
    public IReadOnlyList<Capability>? Capabilities { get; init; }
    [Required, NonEmpty] public IReadOnlyList<Connector>? Connectors { get; init; }
    [Str(4)] public string? FloorLevel { get; init; }
    public GeoLocation? Coordinates { get; init; }
    [Str(16)] public string? PhysicalReference { get; init; }
    public IReadOnlyList<DisplayText>? Directions { get; init; }
    public IReadOnlyList<ParkingRestriction>? ParkingRestrictions { get; init; }
    public IReadOnlyList<Image>? Images { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>A connector of an EVSE.</summary>
public sealed record Connector : OcpiObject
{
    [Required, Str(36)] public string? Id { get; init; }
    [Required] public ConnectorType? Standard { get; init; }
    [Required] public ConnectorFormat? Format { get; init; }
    [Required] public PowerType? PowerType { get; init; }
    [Url] public string? TermsAndConditions { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
    [Required] public int? Voltage { get; init; }
    [Required] public int? Amperage { get; init; }
    [Str(36)] public string? TariffId { get; init; }
}

/// <summary>Where the energy comes from and its environmental impact.</summary>
public sealed record EnergyMix : OcpiObject
{
    [Required] public bool? IsGreenEnergy { get; init; }
    public IReadOnlyList<EnergySource>? EnergySources { get; init; }
    public IReadOnlyList<EnvironmentalImpact>? EnvironImpact { get; init; }
    [Str(64)] public string? SupplierName { get; init; }
    [Str(64)] public string? EnergyProductName { get; init; }
}

/// <summary>Environmental impact of the energy, per kWh.</summary>
public sealed record EnvironmentalImpact : OcpiObject
{
    [Required] public decimal? Amount { get; init; }
    [Required] public EnvironmentalImpactCategory? Source { get; init; }
}
