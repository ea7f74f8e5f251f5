using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Charging Profiles module (2.2.1 and 2.3.0, unchanged).

/// <summary>Sets a charging profile on a session.</summary>
public sealed record SetChargingProfile : OcpiObject
{
    [Required] public ChargingProfile? ChargingProfile { get; set; }
    [Required, Url] public string? ResponseUrl { get; set; }
}

/// <summary>Power or current limits over time.</summary>
public sealed record ChargingProfile : OcpiObject
{
    public DateTimeOffset? StartDateTime { get; set; }
    public int? Duration { get; set; }
    [Required] public ChargingRateUnit? ChargingRateUnit { get; set; }
    public decimal? MinChargingRate { get; set; }
    public IReadOnlyList<ChargingProfilePeriod>? ChargingProfilePeriod { get; set; }
}

/// <summary>One period of a charging profile.</summary>
public sealed record ChargingProfilePeriod : OcpiObject
{
    [Required] public int? StartPeriod { get; set; }
    [Required] public decimal? Limit { get; set; }
}

/// <summary>The charging profile in force on a session.</summary>
public sealed record ActiveChargingProfile : OcpiObject
{
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    [Required] public ChargingProfile? ChargingProfile { get; set; }
}

/// <summary>The CPO's synchronous answer to a charging-profile request.</summary>
public sealed record ChargingProfileResponse : OcpiObject
{
    [Required] public ChargingProfileResponseType? Result { get; set; }
    [Required] public int? Timeout { get; set; }
}

/// <summary>Asynchronous result of a GET of the active charging profile.</summary>
public sealed record ActiveChargingProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; set; }
    public ActiveChargingProfile? Profile { get; set; }
}

/// <summary>Asynchronous result of setting a charging profile.</summary>
public sealed record ChargingProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; set; }
}

/// <summary>Asynchronous result of clearing a charging profile.</summary>
public sealed record ClearProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; set; }
}
