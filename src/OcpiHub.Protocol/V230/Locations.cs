using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Locations module, 2.3.0 (canonical). 2.2.1 uses these types too: 2.3.0 only added fields (parking_places, help_phone, EVSE parking, accepted_service_providers, connector capabilities).

/// <summary>A charging location: address, coordinates, EVSEs and what surrounds them.</summary>
public sealed record Location : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required] public bool? Publish { get; set; }
    public IReadOnlyList<PublishTokenType>? PublishAllowedTo { get; set; }
    [Str(255)] public string? Name { get; set; }
    [Required, Str(255)] public string? Address { get; set; }
    [Required, Str(45)] public string? City { get; set; }
    [Str(10)] public string? PostalCode { get; set; }
    [Str(45)] public string? State { get; set; }
    [Required, Format(TextFormat.Country)] public string? Country { get; set; }
    [Required] public GeoLocation? Coordinates { get; set; }
    public IReadOnlyList<AdditionalGeoLocation>? RelatedLocations { get; set; }
    public ParkingType? ParkingType { get; set; }
    public IReadOnlyList<Evse>? Evses { get; set; }
    public IReadOnlyList<Parking>? ParkingPlaces { get; set; }
    public IReadOnlyList<DisplayText>? Directions { get; set; }
    public BusinessDetails? Operator { get; set; }
    public BusinessDetails? Suboperator { get; set; }
    public BusinessDetails? Owner { get; set; }
    public IReadOnlyList<Facility>? Facilities { get; set; }
    [Required, Str(255)] public string? TimeZone { get; set; }
    public Hours? OpeningTimes { get; set; }
    public bool? ChargingWhenClosed { get; set; }
    public IReadOnlyList<Image>? Images { get; set; }
    public EnergyMix? EnergyMix { get; set; }
    [CiStr(25)] public string? HelpPhone { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }

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
    [Required, CiStr(36)] public string? Uid { get; set; }
    [CiStr(48)] public string? EvseId { get; set; }
    [Required] public EvseStatus? Status { get; set; }
    public IReadOnlyList<StatusSchedule>? StatusSchedule { get; set; }
    public IReadOnlyList<Capability>? Capabilities { get; set; }
    [Required, NonEmpty] public IReadOnlyList<Connector>? Connectors { get; set; }
    [Str(4)] public string? FloorLevel { get; set; }
    public GeoLocation? Coordinates { get; set; }
    [Str(16)] public string? PhysicalReference { get; set; }
    public IReadOnlyList<DisplayText>? Directions { get; set; }
    public IReadOnlyList<ParkingRestriction>? ParkingRestrictions { get; set; }
    public IReadOnlyList<EvseParking>? Parking { get; set; }
    public IReadOnlyList<Image>? Images { get; set; }
    [Str(50)] public IReadOnlyList<string>? AcceptedServiceProviders { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>A connector of an EVSE.</summary>
public sealed record Connector : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required] public ConnectorType? Standard { get; set; }
    [Required] public ConnectorFormat? Format { get; set; }
    [Required] public PowerType? PowerType { get; set; }
    [Required] public int? MaxVoltage { get; set; }
    [Required] public int? MaxAmperage { get; set; }
    public int? MaxElectricPower { get; set; }
    [CiStr(36)] public IReadOnlyList<string>? TariffIds { get; set; }
    [Url] public string? TermsAndConditions { get; set; }
    public IReadOnlyList<ConnectorCapability>? Capabilities { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>A parking place of a Location (2.3.0, for AFIR reporting).</summary>
public sealed record Parking : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; set; }
    [Str(12)] public string? PhysicalReference { get; set; }
    [Required, NonEmpty] public IReadOnlyList<VehicleType>? VehicleTypes { get; set; }
    public decimal? MaxVehicleWeight { get; set; }
    public decimal? MaxVehicleHeight { get; set; }
    public decimal? MaxVehicleLength { get; set; }
    public decimal? MaxVehicleWidth { get; set; }
    public decimal? ParkingSpaceLength { get; set; }
    public decimal? ParkingSpaceWidth { get; set; }
    public bool? DangerousGoodsAllowed { get; set; }
    public ParkingDirection? Direction { get; set; }
    public bool? DriveThrough { get; set; }
    [Required] public bool? RestrictedToType { get; set; }
    [Required] public bool? ReservationRequired { get; set; }
    public decimal? TimeLimit { get; set; }
    public bool? Roofed { get; set; }
    public IReadOnlyList<Image>? Images { get; set; }
    public bool? Lighting { get; set; }
    public bool? RefrigerationOutlet { get; set; }
    [CiStr(36)] public IReadOnlyList<string>? Standards { get; set; }
    public string? ApdsReference { get; set; }
}

/// <summary>Links an EVSE to a parking place of its Location (2.3.0).</summary>
public sealed record EvseParking : OcpiObject
{
    [Required, CiStr(36)] public string? ParkingId { get; set; }
    public EvsePosition? EvsePosition { get; set; }
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
    [Required] public EnvironmentalImpactCategory? Category { get; set; }
    [Required] public decimal? Amount { get; set; }
}

/// <summary>A token (or group) allowed to see an unpublished Location.</summary>
public sealed record PublishTokenType : OcpiObject, IValidatable
{
    [CiStr(36)] public string? Uid { get; set; }
    public TokenType? Type { get; set; }
    [Str(64)] public string? VisualNumber { get; set; }
    [Str(64)] public string? Issuer { get; set; }
    [CiStr(36)] public string? GroupId { get; set; }

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
