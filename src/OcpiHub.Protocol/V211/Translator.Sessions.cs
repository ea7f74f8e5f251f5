using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Sessions: 2.1.1 has start_datetime/end_datetime, names the token by auth_id, embeds the Location and gives
// total_cost as a number excluding VAT. See Translator.SessionParts.cs for what Sessions and CDRs share.
public static partial class Translator
{
    public static V230.Session ToCanonical(Session session, TranslationContext context)
    {
        var (locationId, evseUid, connectorId) = IdsOf(session.Location);
        var (periods, carriedPeriods) = PeriodsUp(session.ChargingPeriods, nameof(Session), context);
        return new()
        {
            CountryCode = context.Owner?.CountryCode,
            PartyId = context.Owner?.PartyId,
            Id = session.Id,
            StartDateTime = session.StartDatetime,
            EndDateTime = session.EndDatetime,
            Kwh = session.Kwh,
            CdrToken = CdrTokenOf(session.AuthId, nameof(Session), context),
            AuthMethod = session.AuthMethod,
            LocationId = locationId,
            EvseUid = evseUid,
            ConnectorId = connectorId,
            MeterId = session.MeterId,
            Currency = session.Currency,
            ChargingPeriods = periods,
            TotalCost = ToCanonicalPrice(session.TotalCost),
            Status = session.Status,
            LastUpdated = session.LastUpdated,
            Extensions = Carry.Up(session.Extensions, To,
                (CarriedLocation, Carry.Node(session.Location, To)), (CarriedPeriods, carriedPeriods)),
        };
    }

    public static Session FromCanonical(V230.Session session, TranslationContext context)
    {
        const string name = nameof(Session);
        context.Drop(session.AuthorizationReference, name, "authorization_reference", To, "dropped: new in 2.2");
        var owner = session.CountryCode is { } country && session.PartyId is { } party ? new PartyRef(country, party) : context.Owner;
        return new()
        {
            Id = session.Id,
            StartDatetime = session.StartDateTime,
            EndDatetime = session.EndDateTime,
            Kwh = session.Kwh,
            // The eMSP that owns the token knows it by its auth_id; uid, type and owner add nothing for it.
            AuthId = session.CdrToken?.ContractId,
            AuthMethod = EnumTranslation.Down(session.AuthMethod, To, context, name, "auth_method", AuthMethod.AuthRequest),
            Location = EmbeddedLocation(name, owner, (session.LocationId, session.EvseUid, session.ConnectorId), null,
                session.Extensions, session.StartDateTime, context),
            MeterId = session.MeterId,
            Currency = session.Currency,
            ChargingPeriods = PeriodsDown(session.ChargingPeriods, session.Extensions, name, context),
            TotalCost = FromCanonicalPrice(session.TotalCost, context, name, "total_cost"),
            // A reservation is a session that has not started charging.
            Status = EnumTranslation.Down(session.Status, To, context, name, "status", SessionStatus.Pending),
            LastUpdated = session.LastUpdated,
            Extensions = Carry.Strip(session.Extensions),
        };
    }
}
