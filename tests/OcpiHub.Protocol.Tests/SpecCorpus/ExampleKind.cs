using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>
/// What an example shows: which model it is in each version, whether it is a full object or a PATCH body,
/// and, for a bare member such as <c>"energy_mix": {…}</c>, the member whose value is the object.
/// </summary>
public sealed record ExampleKind(string Name, Func<OcpiVersion, Type> ModelIn, ValidationMode Mode = ValidationMode.Full, string? Member = null)
{
    public ExampleKind Patch() => this with { Name = Name + " (PATCH)", Mode = ValidationMode.Patch };
    public ExampleKind InMember(string member) => this with { Name = $"{Name} (in {member})", Member = member };
    public ExampleKind InEnvelope() => new($"envelope of {Name}", v => typeof(OcpiResponse<>).MakeGenericType(ModelIn(v)));
    public ExampleKind ListOf() => new($"list of {Name}", v => typeof(List<>).MakeGenericType(ModelIn(v)));

    public static ExampleKind Model<T211, T221, T230>(string name) => new(name, v => v switch
    {
        OcpiVersion.V211 => typeof(T211),
        OcpiVersion.V221 => typeof(T221),
        _ => typeof(T230),
    });

    public static ExampleKind Model<T>(string name) => new(name, _ => typeof(T));

    public static readonly ExampleKind Location = Model<V211.Location, V230.Location, V230.Location>("Location");
    public static readonly ExampleKind Evse = Model<V211.Evse, V230.Evse, V230.Evse>("EVSE");
    public static readonly ExampleKind Connector = Model<V211.Connector, V230.Connector, V230.Connector>("Connector");
    public static readonly ExampleKind EnergyMix = Model<V211.EnergyMix, V230.EnergyMix, V230.EnergyMix>("EnergyMix");
    public static readonly ExampleKind Hours = Model<Hours>("Hours");
    public static readonly ExampleKind Tariff = Model<V211.Tariff, V221.Tariff, V230.Tariff>("Tariff");
    public static readonly ExampleKind Session = Model<V211.Session, V221.Session, V230.Session>("Session");
    public static readonly ExampleKind Cdr = Model<V211.Cdr, V221.Cdr, V230.Cdr>("CDR");
    public static readonly ExampleKind Token = Model<V211.Token, V230.Token, V230.Token>("Token");
    public static readonly ExampleKind Credentials = Model<V211.Credentials, V230.Credentials, V230.Credentials>("Credentials");
    public static readonly ExampleKind VersionDetails = Model<VersionDetails>("VersionDetails");
    public static readonly ExampleKind VersionInfo = Model<VersionInfo>("Version");
    public static readonly ExampleKind DisplayText = Model<DisplayText>("DisplayText");
    public static readonly ExampleKind Terminal = Model<V230.Terminal>("Terminal");
    public static readonly ExampleKind FinancialAdviceConfirmation = Model<V230.FinancialAdviceConfirmation>("FinancialAdviceConfirmation");
    public static readonly ExampleKind ErrorResponse = Model<OcpiResponse<System.Text.Json.Nodes.JsonNode>>("error response");
}
