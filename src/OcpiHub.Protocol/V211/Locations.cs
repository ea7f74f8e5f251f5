using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Locations module, 2.1.1 types that differ from 2.3.0.

/// <summary>A charging location: address, coordinates, EVSEs and what surrounds them.</summary>
public sealed record Location : OcpiObject
{
    [Required, Str(39)] public string? Id { get; set; }
    [Str(255)] public string? Name { get; set; }
    [Required, Str(45)] public string? Address { get; set; }
    [Required, Str(45)] public string? City { get; set; }
    [Required, Str(10)] public string? PostalCode { get; set; }
    [Required, Format(TextFormat.Country)] public string? Country { get; set; }
    [Required] public GeoLocation? Coordinates { get; set; }
    public IReadOnlyList<AdditionalGeoLocation>? RelatedLocations { get; set; }
    public IReadOnlyList<Evse>? Evses { get; set; }
    public IReadOnlyList<DisplayText>? Directions { get; set; }
    public BusinessDetails? Operator { get; set; }
    public BusinessDetails? Suboperator { get; set; }
    public BusinessDetails? Owner { get; set; }
    public IReadOnlyList<Facility>? Facilities { get; set; }
    [Str(255)] public string? TimeZone { get; set; }
    public Hours? OpeningTimes { get; set; }
    public bool? ChargingWhenClosed { get; set; }
    public IReadOnlyList<Image>? Images { get; set; }
    public EnergyMix? EnergyMix { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
    [Required] public LocationType? Type { get; set; }
}

/// <summary>An EVSE: one point that can charge one vehicle at a time, with its connectors.</summary>
public sealed record Evse : OcpiObject
{
    [Required, Str(39)] public string? Uid { get; set; }
    [Str(48)] public string? EvseId { get; set; }
    [Required] public EvseStatus? Status { get; set; }
    public IReadOnlyList<StatusSchedule>? StatusSchedule { get; set; }
    public IReadOnlyList<Capability>? Capabilities { get; set; }
    [Required, NonEmpty] public IReadOnlyList<Connector>? Connectors { get; set; }
    [Str(4)] public string? FloorLevel { get; set; }
    public GeoLocation? Coordinates { get; set; }
    [Str(16)] public string? PhysicalReference { get; set; }
    public IReadOnlyList<DisplayText>? Directions { get; set; }
    public IReadOnlyList<ParkingRestriction>? ParkingRestrictions { get; set; }
    public IReadOnlyList<Image>? Images { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>A connector of an EVSE.</summary>
public sealed record Connector : OcpiObject
{
    [Required, Str(36)] public string? Id { get; set; }
    [Required] public ConnectorType? Standard { get; set; }
    [Required] public ConnectorFormat? Format { get; set; }
    [Required] public PowerType? PowerType { get; set; }
    [Url] public string? TermsAndConditions { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
    [Required] public int? Voltage { get; set; }
    [Required] public int? Amperage { get; set; }
    [Str(36)] public string? TariffId { get; set; }
}

/// <summary>Where the energy comes from and its environmental impact.</summary>
public sealed record EnergyMix : OcpiObject
{
    [Required] public bool? IsGreenEnergy { get; set; }
    public IReadOnlyList<EnergySource>? EnergySources { get; set; }
    public IReadOnlyList<EnvironmentalImpact>? EnvironImpact { get; set; }
    [Str(64)] public string? SupplierName { get; set; }
    [Str(64)] public string? EnergyProductName { get; set; }
}

/// <summary>Environmental impact of the energy, per kWh.</summary>
public sealed record EnvironmentalImpact : OcpiObject
{
    [Required] public decimal? Amount { get; set; }
    [Required] public EnvironmentalImpactCategory? Source { get; set; }
}
