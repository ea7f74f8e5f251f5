using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Sessions: the 2.2.1 Session differs from 2.3.0 only by its Price; CdrToken and ChargingPeriod are the 2.3.0
// types (TokenType EMAID is new in 2.3.0). The CDR parts (CdrToken, ChargingPeriod) serve CDRs too.
public static partial class Translator
{
    public static V230.Session ToCanonical(Session session, TranslationContext context) => new()
    {
        CountryCode = session.CountryCode,
        PartyId = session.PartyId,
        Id = session.Id,
        StartDateTime = session.StartDateTime,
        EndDateTime = session.EndDateTime,
        Kwh = session.Kwh,
        CdrToken = session.CdrToken,
        AuthMethod = session.AuthMethod,
        AuthorizationReference = session.AuthorizationReference,
        LocationId = session.LocationId,
        EvseUid = session.EvseUid,
        ConnectorId = session.ConnectorId,
        MeterId = session.MeterId,
        Currency = session.Currency,
        ChargingPeriods = session.ChargingPeriods,
        TotalCost = ToCanonical(session.TotalCost, context),
        Status = session.Status,
        LastUpdated = session.LastUpdated,
        Extensions = session.Extensions,
    };

    public static Session FromCanonical(V230.Session session, TranslationContext context) => new()
    {
        CountryCode = session.CountryCode,
        PartyId = session.PartyId,
        Id = session.Id,
        StartDateTime = session.StartDateTime,
        EndDateTime = session.EndDateTime,
        Kwh = session.Kwh,
        CdrToken = session.CdrToken is null ? null : FromCanonical(session.CdrToken, context),
        AuthMethod = session.AuthMethod,
        AuthorizationReference = session.AuthorizationReference,
        LocationId = session.LocationId,
        EvseUid = session.EvseUid,
        ConnectorId = session.ConnectorId,
        MeterId = session.MeterId,
        Currency = session.Currency,
        ChargingPeriods = session.ChargingPeriods?.Select(period => FromCanonical(period, context)).ToArray(),
        TotalCost = FromCanonical(session.TotalCost, context, nameof(Session), "total_cost"),
        Status = session.Status,
        LastUpdated = session.LastUpdated,
        Extensions = Carry.Strip(session.Extensions),
    };

    public static CdrToken ToCanonical(CdrToken token, TranslationContext context) => token;

    public static CdrToken FromCanonical(CdrToken token, TranslationContext context) => token with
    {
        Type = TokenTypeDown(token.Type, nameof(CdrToken), context),
        Extensions = Carry.Strip(token.Extensions),
    };

    public static ChargingPeriod ToCanonical(ChargingPeriod period, TranslationContext context) => period;

    // 2.2.1 and 2.3.0 define the same dimension types; only carried data goes.
    public static ChargingPeriod FromCanonical(ChargingPeriod period, TranslationContext context) =>
        period with { Extensions = Carry.Strip(period.Extensions) };
}
