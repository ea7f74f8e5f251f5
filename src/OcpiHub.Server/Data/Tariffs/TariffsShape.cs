using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// Tariffs: one level, deletable, patched only in 2.1.1 (2.2 removed Tariff PATCH; receivers of 2.2.1+ get the
/// merged Tariff as a PUT). A 2.1.1 receiver applies every tariff to every session, so a typed tariff it would
/// misapply (ad hoc, charging profile) does not go to one, pushed or served (<see cref="Visibility"/>), nor one outside
/// its validity period, which 2.1.1 cannot carry: <see cref="TariffValidity"/> sends it when its period starts and
/// deletes it when it ends.
/// </summary>
public sealed class TariffsShape : DataShape
{
    public override DataModule Module => DataModule.Tariffs;

    public override Type ModelIn(int depth, OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => typeof(Protocol.V211.Tariff),
        OcpiVersion.V221 => typeof(Protocol.V221.Tariff),
        _ => typeof(Protocol.V230.Tariff),
    };

    public override bool AcceptsPatch(OcpiVersion version) => version == OcpiVersion.V211;

    public override bool AcceptsDelete => true;

    public override bool AudienceChangesWithTime => true;

    // Visibility.Shows keeps Tariffs from 2.1.1 readers only.
    public override bool WithholdsFrom(OcpiVersion version) => version == OcpiVersion.V211;

    public override bool DatedAnewFor211 => true;

    // 2.1.1 readers get a tariff from its start on: to them it changed then (a date_from pull covering its start finds it).
    public override DateTimeOffset? LastUpdatedFor211(string body, DateTimeOffset lastUpdated)
    {
        // The hub writes bodies compactly: only a tariff holding this text has a start.
        if (!body.Contains("\"start_date_time\":", StringComparison.Ordinal))
            return null;
        var tariff = (Protocol.V230.Tariff)Canonical.FromJson(body, typeof(Protocol.V230.Tariff));
        return Protocol.V211.Translator.LastUpdatedFor211(tariff with { LastUpdated = lastUpdated }) is { } forReaders && forReaders > lastUpdated ? forReaders : null;
    }

    // Who may see a tariff with a validity period changes with time, not only with its body: never kept.
    public override AudienceTerms TermsOf(string body, DateTimeOffset now)
    {
        var tariff = (Protocol.V230.Tariff)Canonical.FromJson(body, typeof(Protocol.V230.Tariff));
        return AudienceTerms.Of(new Audience((version, _) => Visibility.Shows(tariff, version, now), lasting: !Visibility.HasValidityPeriod(tariff)));
    }
}
