using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Locations module, 2.3.0 (canonical). 2.2.1 uses these types too: 2.3.0 only added fields (parking_places, help_phone, EVSE parking, accepted_service_providers, connector capabilities).

/// <summary>A charging location: address, coordinates, EVSEs and what surrounds them.</summary>
public sealed record Location : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required] public bool? Publish { get; init; }
    public IReadOnlyList<PublishTokenType>? PublishAllowedTo { get; init; }
    [Str(255)] public string? Name { get; init; }
    [Required, Str(255)] public string? Address { get; init; }
    [Required, Str(45)] public string? City { get; init; }
    [Str(10)] public string? PostalCode { get; init; }
    [Str(45)] public string? State { get; init; }
    [Required, Format(TextFormat.Country)] public string? Country { get; init; }
    [Required] public GeoLocation? Coordinates { get; init; }
    public IReadOnlyList<AdditionalGeoLocation>? RelatedLocations { get; init; }
    public ParkingType? ParkingType { get; init; }
    public IReadOnlyList<Evse>? Evses { get; init; }
    public IReadOnlyList<Parking>? ParkingPlaces { get; init; }
    public IReadOnlyList<DisplayText>? Directions { get; init; }
    public BusinessDetails? Operator { get; init; }
    public BusinessDetails? Suboperator { get; init; }
    public BusinessDetails? Owner { get; init; }
    public IReadOnlyList<Facility>? Facilities { get; init; }
    [Required, Str(255)] public string? TimeZone { get; init; }
    public Hours? OpeningTimes { get; init; }
    public bool? ChargingWhenClosed { get; init; }
    public IReadOnlyList<Image>? Images { get; init; }
    public EnergyMix? EnergyMix { get; init; }
    [CiStr(25)] public string? HelpPhone { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }

    public void Validate(ValidationScope scope)
    {
        // A PATCH may carry one of the two; the rule holds whenever both are known.
        if (PublishAllowedTo is { Count: > 0 } && Publish == true)
            scope.Problem("publish_allowed_to", "only allowed when publish is false");
        if (!scope.IsFull || ParkingPlaces is null)
            return;
        var parkingIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ParkingPlaces.Select(p => p.Id).OfType<string>())
        {
            if (!parkingIds.Add(id))
                scope.Problem("parking_places", $"id '{id}' is not unique in the Location");
        }
        foreach (var reference in (Evses ?? []).SelectMany(e => e.Parking ?? []).Select(p => p.ParkingId).OfType<string>().Distinct())
        {
            if (!parkingIds.Contains(reference))
                scope.Problem("evses", $"parking_id '{reference}' is not in parking_places");
        }
    }
}

/// <summary>An EVSE: one point that can charge one vehicle at a time, with its connectors.</summary>
public sealed record Evse : OcpiObject
{
    [Required, CiStr(36)] public string? Uid { get; init; }
    [CiStr(48)] public string? EvseId { get; init; }
    [Required] public EvseStatus? Status { get; init; }
    public IReadOnlyList<StatusSchedule>? StatusSchedule { get; init; }
    public IReadOnlyList<Capability>? Capabilities { get; init; }
    [Required, NonEmpty] public IReadOnlyList<Connector>? Connectors { get; init; }
    [Str(4)] public string? FloorLevel { get; init; }
    public GeoLocation? Coordinates { get; init; }
    [Str(16)] public string? PhysicalReference { get; init; }
    public IReadOnlyList<DisplayText>? Directions { get; init; }
    public IReadOnlyList<ParkingRestriction>? ParkingRestrictions { get; init; }
    public IReadOnlyList<EvseParking>? Parking { get; init; }
    public IReadOnlyList<Image>? Images { get; init; }
    [Str(50)] public IReadOnlyList<string>? AcceptedServiceProviders { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>A connector of an EVSE.</summary>
public sealed record Connector : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required] public ConnectorType? Standard { get; init; }
    [Required] public ConnectorFormat? Format { get; init; }
    [Required] public PowerType? PowerType { get; init; }
    [Required] public int? MaxVoltage { get; init; }
    [Required] public int? MaxAmperage { get; init; }
    public int? MaxElectricPower { get; init; }
    [CiStr(36)] public IReadOnlyList<string>? TariffIds { get; init; }
    [Url] public string? TermsAndConditions { get; init; }
    public IReadOnlyList<ConnectorCapability>? Capabilities { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>A parking place of a Location (2.3.0, for AFIR reporting).</summary>
public sealed record Parking : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; init; }
    [Str(12)] public string? PhysicalReference { get; init; }
    [Required, NonEmpty] public IReadOnlyList<VehicleType>? VehicleTypes { get; init; }
    public decimal? MaxVehicleWeight { get; init; }
    public decimal? MaxVehicleHeight { get; init; }
    public decimal? MaxVehicleLength { get; init; }
    public decimal? MaxVehicleWidth { get; init; }
    public decimal? ParkingSpaceLength { get; init; }
    public decimal? ParkingSpaceWidth { get; init; }
    public bool? DangerousGoodsAllowed { get; init; }
    public ParkingDirection? Direction { get; init; }
    public bool? DriveThrough { get; init; }
    [Required] public bool? RestrictedToType { get; init; }
    [Required] public bool? ReservationRequired { get; init; }
    public decimal? TimeLimit { get; init; }
    public bool? Roofed { get; init; }
    public IReadOnlyList<Image>? Images { get; init; }
    public bool? Lighting { get; init; }
    public bool? RefrigerationOutlet { get; init; }
    [CiStr(36)] public IReadOnlyList<string>? Standards { get; init; }
    public string? ApdsReference { get; init; }
}

/// <summary>Links an EVSE to a parking place of its Location (2.3.0).</summary>
public sealed record EvseParking : OcpiObject
{
    [Required, CiStr(36)] public string? ParkingId { get; init; }
    public EvsePosition? EvsePosition { get; init; }
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
    [Required] public EnvironmentalImpactCategory? Category { get; init; }
    [Required] public decimal? Amount { get; init; }
}

/// <summary>A token (or group) allowed to see an unpublished Location.</summary>
public sealed record PublishTokenType : OcpiObject, IValidatable
{
    [CiStr(36)] public string? Uid { get; init; }
    public TokenType? Type { get; init; }
    [Str(64)] public string? VisualNumber { get; init; }
    [Str(64)] public string? Issuer { get; init; }
    [CiStr(36)] public string? GroupId { get; init; }

    public void Validate(ValidationScope scope)
    {
        if (Uid is null && VisualNumber is null && GroupId is null)
            scope.Problem("uid", "one of uid, visual_number or group_id is required");
        if (Uid is not null && Type is null)
            scope.Problem("type", "required with uid");
        if (VisualNumber is not null && Issuer is null)
            scope.Problem("issuer", "required with visual_number");
    }
}
