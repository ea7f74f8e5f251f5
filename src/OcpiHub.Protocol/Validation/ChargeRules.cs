using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Validation;

/// <summary>
/// Cross-field rules the 2.2.1/2.3.0 text states for Sessions and CDRs, shared by both versions' models (they
/// differ only in their Price shape).
/// </summary>
internal static class ChargeRules
{
    private const string NotAvailable = "#NA";

    // Dimensions the CdrDimensionType table marks "Session Only".
    private static readonly HashSet<string> SessionOnlyDimensions = ["CURRENT", "ENERGY_EXPORT", "ENERGY_IMPORT", "POWER", "STATE_OF_CHARGE"];

    /// <summary>#NA for the EVSE or connector only for a reservation that has none assigned yet.</summary>
    public static void CheckSession(ValidationScope scope, string? evseUid, string? connectorId, SessionStatus? status)
    {
        if (!scope.IsFull || status == SessionStatus.Reservation)
            return;
        if (evseUid == NotAvailable)
            scope.Problem("evse_uid", "#NA is only allowed for a session with status RESERVATION");
        if (connectorId == NotAvailable)
            scope.Problem("connector_id", "#NA is only allowed for a session with status RESERVATION");
    }

    public static void CheckCdr(ValidationScope scope, string? id, bool? credit, string? creditReferenceId, IReadOnlyList<ChargingPeriod>? periods)
    {
        if (credit == true && creditReferenceId is null)
            scope.Problem("credit_reference_id", "required for a credit CDR");
        if (credit != true && creditReferenceId is not null)
            scope.Problem("credit_reference_id", "only allowed on a credit CDR (credit = true)");
        // 39 characters leave room for a suffix on credit CDRs only.
        if (credit != true && id is { Length: > 36 })
            scope.Problem("id", "longer than 36 characters, allowed for credit CDRs only");
        var sessionOnly = (periods ?? []).SelectMany(p => p.Dimensions ?? []).Select(d => d.Type?.Value)
            .Where(type => type is not null && SessionOnlyDimensions.Contains(type)).Distinct().ToArray();
        if (sessionOnly.Length > 0)
            scope.Problem("charging_periods", $"{string.Join(", ", sessionOnly)} may be used in Sessions only");
    }
}
