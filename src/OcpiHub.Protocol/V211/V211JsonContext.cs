using System.Text.Json.Serialization;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Protocol.V211;

/// <summary>
/// Source-generated JSON for OCPI 2.1.1: snake_case names, nulls omitted, OCPI DateTimes. Every object a
/// module sends or receives in this version is registered here, alone, in a list and in the response envelope.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(OcpiDateTimeConverter)])]
[JsonSerializable(typeof(Location))]
[JsonSerializable(typeof(OcpiResponse<Location>))]
[JsonSerializable(typeof(List<Location>))]
[JsonSerializable(typeof(OcpiResponse<List<Location>>))]
[JsonSerializable(typeof(Tariff))]
[JsonSerializable(typeof(OcpiResponse<Tariff>))]
[JsonSerializable(typeof(List<Tariff>))]
[JsonSerializable(typeof(OcpiResponse<List<Tariff>>))]
[JsonSerializable(typeof(Session))]
[JsonSerializable(typeof(OcpiResponse<Session>))]
[JsonSerializable(typeof(List<Session>))]
[JsonSerializable(typeof(OcpiResponse<List<Session>>))]
[JsonSerializable(typeof(Cdr))]
[JsonSerializable(typeof(OcpiResponse<Cdr>))]
[JsonSerializable(typeof(List<Cdr>))]
[JsonSerializable(typeof(OcpiResponse<List<Cdr>>))]
[JsonSerializable(typeof(Token))]
[JsonSerializable(typeof(OcpiResponse<Token>))]
[JsonSerializable(typeof(List<Token>))]
[JsonSerializable(typeof(OcpiResponse<List<Token>>))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(OcpiResponse<VersionInfo>))]
[JsonSerializable(typeof(List<VersionInfo>))]
[JsonSerializable(typeof(OcpiResponse<List<VersionInfo>>))]
[JsonSerializable(typeof(Evse))]
[JsonSerializable(typeof(OcpiResponse<Evse>))]
[JsonSerializable(typeof(Connector))]
[JsonSerializable(typeof(OcpiResponse<Connector>))]
[JsonSerializable(typeof(AuthorizationInfo))]
[JsonSerializable(typeof(OcpiResponse<AuthorizationInfo>))]
[JsonSerializable(typeof(LocationReferences))]
[JsonSerializable(typeof(OcpiResponse<LocationReferences>))]
[JsonSerializable(typeof(StartSession))]
[JsonSerializable(typeof(OcpiResponse<StartSession>))]
[JsonSerializable(typeof(V230.StopSession))]
[JsonSerializable(typeof(OcpiResponse<V230.StopSession>))]
[JsonSerializable(typeof(ReserveNow))]
[JsonSerializable(typeof(OcpiResponse<ReserveNow>))]
[JsonSerializable(typeof(V230.UnlockConnector))]
[JsonSerializable(typeof(OcpiResponse<V230.UnlockConnector>))]
[JsonSerializable(typeof(V230.CommandResponse))]
[JsonSerializable(typeof(OcpiResponse<V230.CommandResponse>))]
[JsonSerializable(typeof(CommandResponseType))]
[JsonSerializable(typeof(OcpiResponse<CommandResponseType>))]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(OcpiResponse<Credentials>))]
[JsonSerializable(typeof(EnergyMix))]
[JsonSerializable(typeof(OcpiResponse<EnergyMix>))]
[JsonSerializable(typeof(VersionDetails))]
[JsonSerializable(typeof(OcpiResponse<VersionDetails>))]
[JsonSerializable(typeof(DisplayText))]
[JsonSerializable(typeof(OcpiResponse<DisplayText>))]
[JsonSerializable(typeof(Hours))]
[JsonSerializable(typeof(OcpiResponse<Hours>))]
[JsonSerializable(typeof(OcpiResponse<System.Text.Json.Nodes.JsonNode>))]
public sealed partial class V211JsonContext : JsonSerializerContext;
