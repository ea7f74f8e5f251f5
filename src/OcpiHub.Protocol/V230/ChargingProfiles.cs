using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Charging Profiles module (2.2.1 and 2.3.0, unchanged).

/// <summary>Sets a charging profile on a session.</summary>
public sealed record SetChargingProfile : OcpiObject
{
    [Required] public ChargingProfile? ChargingProfile { get; init; }
    [Required, Url] public string? ResponseUrl { get; init; }
}

/// <summary>Power or current limits over time.</summary>
public sealed record ChargingProfile : OcpiObject
{
    public DateTimeOffset? StartDateTime { get; init; }
    public int? Duration { get; init; }
    [Required] public ChargingRateUnit? ChargingRateUnit { get; init; }
    public decimal? MinChargingRate { get; init; }
    public IReadOnlyList<ChargingProfilePeriod>? ChargingProfilePeriod { get; init; }
}

/// <summary>One period of a charging profile.</summary>
public sealed record ChargingProfilePeriod : OcpiObject
{
    [Required] public int? StartPeriod { get; init; }
    [Required] public decimal? Limit { get; init; }
}

/// <summary>The charging profile in force on a session.</summary>
public sealed record ActiveChargingProfile : OcpiObject
{
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    [Required] public ChargingProfile? ChargingProfile { get; init; }
}

/// <summary>The CPO's synchronous answer to a charging-profile request.</summary>
public sealed record ChargingProfileResponse : OcpiObject
{
    [Required] public ChargingProfileResponseType? Result { get; init; }
    [Required] public int? Timeout { get; init; }
}

/// <summary>Asynchronous result of a GET of the active charging profile.</summary>
public sealed record ActiveChargingProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; init; }
    public ActiveChargingProfile? Profile { get; init; }
}

/// <summary>Asynchronous result of setting a charging profile.</summary>
public sealed record ChargingProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; init; }
}

/// <summary>Asynchronous result of clearing a charging profile.</summary>
public sealed record ClearProfileResult : OcpiObject
{
    [Required] public ChargingProfileResultType? Result { get; init; }
}
