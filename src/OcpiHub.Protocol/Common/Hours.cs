using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

/// <summary>
/// Opening times. 2.1.1 makes <c>regular_hours</c> and <c>twentyfourseven</c> a choice; 2.2.1+ always requires
/// <c>twentyfourseven</c> and wants regular hours only when it is false.
/// </summary>
public sealed record Hours : OcpiObject, IValidatable
{
    public bool? Twentyfourseven { get; set; }
    public IReadOnlyList<RegularHours>? RegularHours { get; set; }
    public IReadOnlyList<ExceptionalPeriod>? ExceptionalOpenings { get; set; }
    public IReadOnlyList<ExceptionalPeriod>? ExceptionalClosings { get; set; }

    public void Validate(ValidationScope scope)
    {
        if (!scope.IsFull)
            return;
        var hasRegular = RegularHours is { Count: > 0 };
        if (scope.Version == OcpiVersion.V211)
        {
            if (Twentyfourseven is null && !hasRegular)
                scope.Problem("twentyfourseven", "either twentyfourseven or regular_hours is required");
            else if (Twentyfourseven == true && hasRegular)
                scope.Problem("regular_hours", "not allowed when twentyfourseven is true");
            return;
        }
        if (Twentyfourseven is null)
            scope.Problem("twentyfourseven", "required field missing");
        else if (Twentyfourseven == false && !hasRegular)
            scope.Problem("regular_hours", "required when twentyfourseven is false");
        else if (Twentyfourseven == true && hasRegular)
            scope.Problem("regular_hours", "not allowed when twentyfourseven is true");
    }
}

/// <summary>Opening hours of one weekday (1 = Monday … 7 = Sunday), local time.</summary>
public sealed record RegularHours : OcpiObject
{
    [Required, Range(1, 7)] public int? Weekday { get; set; }
    [Required, Format(TextFormat.HourMinute)] public string? PeriodBegin { get; set; }
    [Required, Format(TextFormat.HourMinute)] public string? PeriodEnd { get; set; }
}

/// <summary>An exceptional opening or closing period, UTC.</summary>
public sealed record ExceptionalPeriod : OcpiObject
{
    [Required] public DateTimeOffset? PeriodBegin { get; set; }
    [Required] public DateTimeOffset? PeriodEnd { get; set; }
}

/// <summary>A planned EVSE status for a period.</summary>
public sealed record StatusSchedule : OcpiObject
{
    [Required] public DateTimeOffset? PeriodBegin { get; set; }
    public DateTimeOffset? PeriodEnd { get; set; }
    [Required] public Enums.EvseStatus? Status { get; set; }
}
