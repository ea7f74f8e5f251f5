using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation.V221;

using Translator = global::OcpiHub.Protocol.V221.Translator;

public class CommandTranslationTests
{
    [Theory]
    [InlineData("""{ "response_url": "https://e.example.com/r/1", "token": { "country_code": "DE", "party_id": "TNM", "uid": "U1", "type": "APP_USER", "contract_id": "C1", "issuer": "TNM", "valid": true, "whitelist": "ALLOWED", "last_updated": "2018-12-10T17:16:15Z" }, "location_id": "LOC1", "evse_uid": "E1", "connector_id": "1", "authorization_reference": "A1" }""", typeof(StartSession))]
    [InlineData("""{ "response_url": "https://e.example.com/r/2", "token": { "country_code": "DE", "party_id": "TNM", "uid": "U1", "type": "RFID", "contract_id": "C1", "issuer": "TNM", "valid": true, "whitelist": "ALLOWED", "last_updated": "2018-12-10T17:16:15Z" }, "expiry_date": "2018-12-10T18:00:00Z", "reservation_id": "RES-1", "location_id": "LOC1" }""", typeof(ReserveNow))]
    [InlineData("""{ "response_url": "https://e.example.com/r/3", "session_id": "S1" }""", typeof(StopSession))]
    [InlineData("""{ "response_url": "https://e.example.com/r/4", "reservation_id": "RES-1" }""", typeof(CancelReservation))]
    [InlineData("""{ "response_url": "https://e.example.com/r/5", "location_id": "LOC1", "evse_uid": "E1", "connector_id": "1" }""", typeof(UnlockConnector))]
    [InlineData("""{ "result": "ACCEPTED", "timeout": 30, "message": [{ "language": "en", "text": "ok" }] }""", typeof(CommandResponse))]
    [InlineData("""{ "result": "EVSE_OCCUPIED", "message": [{ "language": "en", "text": "busy" }] }""", typeof(CommandResult))]
    public void Every_2_2_1_command_object_round_trips_losslessly(string json, Type type)
    {
        var value = System.Text.Json.JsonSerializer.Deserialize(json, OcpiHub.Protocol.Json.OcpiJson.TypeInfo(type, OcpiVersion.V221))!;
        var context = new TranslationContext();

        var back = Translators.FromCanonical(Translators.ToCanonical(value, OcpiVersion.V221, new TranslationContext()), OcpiVersion.V221, context);

        JsonSemantics.AssertEqual(json, OcpiHub.Protocol.Json.OcpiJson.Serialize(back, OcpiVersion.V221));
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void The_token_of_a_command_comes_down_through_the_token_translator()
    {
        var command = new StartSession
        {
            ResponseUrl = "https://e.example.com/r/1",
            Token = Translate.ReadExample<Token>("2.3.0/token_example_1_app_user.json") with { Type = TokenType.Emaid },
            LocationId = "LOC1",
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(command, context);

        Assert.Equal(TokenType.Other, down.Token!.Type);
        Assert.Single(context.Losses, l => l.Object == "Token" && l.Field == "type");
    }
}
