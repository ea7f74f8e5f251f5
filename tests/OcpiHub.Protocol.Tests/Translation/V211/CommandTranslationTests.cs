using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class CommandTranslationTests
{
    private const string ResponseUrl = "https://emsp.example.com/ocpi/emsp/2.1.1/commands/START_SESSION/1234";
    private static readonly PartyRef Emsp = new("NL", "TNM");

    private const string StartSession211 = """
        {
          "response_url": "https://emsp.example.com/ocpi/emsp/2.1.1/commands/START_SESSION/1234",
          "token": { "uid": "012345678", "type": "RFID", "auth_id": "DE8ACC12E46L89", "visual_number": "DF000-2001-8999",
                     "issuer": "TheNewMotion", "valid": true, "whitelist": "ALLOWED", "last_updated": "2015-06-29T22:39:09Z" },
          "location_id": "LOC1",
          "evse_uid": "3256"
        }
        """;

    private const string ReserveNow211 = """
        {
          "response_url": "https://emsp.example.com/ocpi/emsp/2.1.1/commands/RESERVE_NOW/77",
          "token": { "uid": "012345678", "type": "RFID", "auth_id": "DE8ACC12E46L89", "issuer": "TheNewMotion",
                     "valid": true, "whitelist": "ALWAYS", "last_updated": "2015-06-29T22:39:09Z" },
          "expiry_date": "2015-06-29T23:09:09Z",
          "reservation_id": 42,
          "location_id": "LOC1"
        }
        """;

    [Theory]
    [InlineData(StartSession211, typeof(StartSession))]
    [InlineData(ReserveNow211, typeof(ReserveNow))]
    [InlineData("""{ "response_url": "https://cpo.example.com/r/1", "session_id": "SESSION-1" }""", typeof(V230.StopSession))]
    [InlineData("""{ "response_url": "https://cpo.example.com/r/2", "location_id": "LOC1", "evse_uid": "3256", "connector_id": "1" }""", typeof(V230.UnlockConnector))]
    [InlineData("""{ "result": "ACCEPTED" }""", typeof(V230.CommandResponse))]
    [InlineData("""{ "result": "TIMEOUT" }""", typeof(V230.CommandResponse))]
    public void Every_2_1_1_command_object_round_trips_losslessly(string json, Type type)
    {
        var value = System.Text.Json.JsonSerializer.Deserialize(json, OcpiHub.Protocol.Json.OcpiJson.TypeInfo(type, OcpiVersion.V211))!;
        var canonical = Translators.ToCanonical(value, OcpiVersion.V211, new TranslationContext(Emsp));
        var context = new TranslationContext(Emsp);

        var back = Translators.FromCanonical(canonical, OcpiVersion.V211, context);

        JsonSemantics.AssertEqual(json, OcpiHub.Protocol.Json.OcpiJson.Serialize(back, OcpiVersion.V211));
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_1_1_start_session_reaches_2_2_1_with_the_token_of_the_emsp()
    {
        var canonical = Translator.ToCanonical(Translate.Read<StartSession>(StartSession211, OcpiVersion.V211), new TranslationContext(Emsp));
        var context = new TranslationContext();

        var command = V221.Translator.FromCanonical(canonical, context);

        Assert.Equal(ResponseUrl, command.ResponseUrl);
        Assert.Equal("LOC1", command.LocationId);
        Assert.Equal("3256", command.EvseUid);
        Assert.Null(command.ConnectorId);
        Assert.Null(command.AuthorizationReference);
        Assert.Equal(("NL", "TNM", "012345678", "DE8ACC12E46L89"), (command.Token!.CountryCode, command.Token.PartyId, command.Token.Uid, command.Token.ContractId));
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_2_1_start_session_reaches_2_1_1_without_connector_and_authorization_reference()
    {
        var command = new V230.StartSession
        {
            ResponseUrl = ResponseUrl,
            Token = Translate.ReadExample<V230.Token>("2.2.1/token_example_2_full_rfid.json"),
            LocationId = "LOC1",
            EvseUid = "3256",
            ConnectorId = "1",
            AuthorizationReference = "AUTH-1",
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(V221.Translator.ToCanonical(command, new TranslationContext()), context);

        Assert.Equal(ResponseUrl, down.ResponseUrl);
        Assert.Equal("LOC1", down.LocationId);
        Assert.Equal("3256", down.EvseUid);
        Assert.Equal(("12345678905880", "DE8ACC12E46L89"), (down.Token!.Uid, down.Token.AuthId));
        Assert.Equal(
            ["StartSession.authorization_reference", "StartSession.connector_id", "Token.default_profile_type", "Token.energy_contract", "Token.group_id"],
            context.LostFields());
    }

    [Fact]
    public void A_2_1_1_reservation_id_goes_up_as_its_decimal_string()
    {
        var canonical = Translator.ToCanonical(Translate.Read<ReserveNow>(ReserveNow211, OcpiVersion.V211), new TranslationContext(Emsp));

        var command = V221.Translator.FromCanonical(canonical, new TranslationContext());

        Assert.Equal("42", command.ReservationId);
        Assert.Equal(new DateTimeOffset(2015, 6, 29, 23, 9, 9, TimeSpan.Zero), command.ExpiryDate);
        Assert.Equal("LOC1", command.LocationId);
        Assert.Null(command.EvseUid);
        Assert.Equal("TNM", command.Token!.PartyId);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-3", -3)]
    [InlineData("RES-0042", null)]
    [InlineData("0042", null)]
    [InlineData("99999999999", null)]
    public void A_reservation_id_comes_down_when_it_is_an_integer(string reservationId, int? expected)
    {
        var command = new V230.ReserveNow
        {
            ResponseUrl = ResponseUrl,
            Token = Translate.ReadExample<V230.Token>("2.2.1/token_example_1_app_user.json") with { Type = TokenType.Rfid },
            ExpiryDate = Build.Updated,
            ReservationId = reservationId,
            LocationId = "LOC1",
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(command, context);

        Assert.Equal(expected, down.ReservationId);
        if (expected is null)
            Assert.Contains("not a 2.1.1 integer id", context.Loss("ReserveNow", "reservation_id").What);
        else
            Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_1_1_command_response_tells_a_2_2_1_emsp_the_default_timeout()
    {
        var canonical = Translator.ToCanonical(new V230.CommandResponse { Result = CommandResponseType.Accepted }, new TranslationContext());
        var context = new TranslationContext();

        var response = V221.Translator.FromCanonical(canonical, context);

        Assert.Equal(CommandResponseType.Accepted, response.Result);
        Assert.Equal(60, response.Timeout);
        Assert.Null(response.Extensions);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_1_1_timeout_answer_reaches_2_2_1_and_2_3_0_as_rejected_and_2_1_1_as_itself()
    {
        var up = new TranslationContext();
        var canonical = Translator.ToCanonical(new V230.CommandResponse { Result = CommandResponseType.Timeout }, up);

        // The canonical answer is a 2.3.0 one (a 2.3.0 eMSP gets it as it is): 2.3.0 has no synchronous TIMEOUT.
        Assert.Equal(CommandResponseType.Rejected, canonical.Result);
        Assert.Contains("sent as 'REJECTED'", up.Loss("CommandResponse", "result").What);
        Assert.Equal(CommandResponseType.Rejected, V221.Translator.FromCanonical(canonical, new TranslationContext()).Result);
        Assert.Equal(CommandResponseType.Timeout, Translator.FromCanonical(canonical, new TranslationContext()).Result);
    }

    [Fact]
    public void A_2_2_1_command_response_reaches_2_1_1_without_timeout_and_message()
    {
        var response = new V230.CommandResponse
        {
            Result = CommandResponseType.Rejected,
            Timeout = 30,
            Message = [new DisplayText { Language = "en", Text = "EVSE offline" }],
        };
        var context = new TranslationContext();

        var json = Translate.Write(Translator.FromCanonical(V221.Translator.ToCanonical(response, new TranslationContext()), context), OcpiVersion.V211);

        JsonSemantics.AssertEqual("""{ "result": "REJECTED" }""", json);
        Assert.Equal(["CommandResponse.message", "CommandResponse.timeout"], context.LostFields());
    }

    [Theory]
    [InlineData("ACCEPTED", "ACCEPTED")]
    [InlineData("REJECTED", "REJECTED")]
    [InlineData("NOT_SUPPORTED", "NOT_SUPPORTED")]
    [InlineData("TIMEOUT", "TIMEOUT")]
    [InlineData("UNKNOWN_SESSION", "REJECTED")]
    public void A_2_1_1_asynchronous_result_becomes_a_command_result(string result211, string expected)
    {
        var asyncResult = new V230.CommandResponse { Result = CommandResponseType.From(result211) };

        var canonical = Translator.ToCanonicalResult(asyncResult, new TranslationContext());
        var context = new TranslationContext();
        var v221 = V221.Translator.FromCanonical(canonical, context);
        var back = Translator.FromCanonicalResult(canonical, context);

        Assert.Equal(expected, v221.Result!.Value.Value);
        Assert.Null(v221.Extensions);
        Assert.Equal(result211, back.Result!.Value.Value);
        Assert.Empty(context.Losses);
    }

    [Theory]
    [InlineData("ACCEPTED", "ACCEPTED", false)]
    [InlineData("TIMEOUT", "TIMEOUT", false)]
    [InlineData("NOT_SUPPORTED", "NOT_SUPPORTED", false)]
    [InlineData("REJECTED", "REJECTED", false)]
    [InlineData("FAILED", "REJECTED", true)]
    [InlineData("EVSE_OCCUPIED", "REJECTED", true)]
    [InlineData("EVSE_INOPERATIVE", "REJECTED", true)]
    [InlineData("CANCELED_RESERVATION", "REJECTED", true)]
    [InlineData("UNKNOWN_RESERVATION", "REJECTED", true)]
    public void A_command_result_becomes_a_2_1_1_asynchronous_result(string result, string expected, bool lost)
    {
        var commandResult = new V230.CommandResult { Result = CommandResultType.From(result) };
        var context = new TranslationContext();

        var asyncResult = Translator.FromCanonicalResult(V221.Translator.ToCanonical(commandResult, new TranslationContext()), context);

        JsonSemantics.AssertEqual($$"""{ "result": "{{expected}}" }""", Translate.Write(asyncResult, OcpiVersion.V211));
        Assert.Equal(lost ? ["CommandResult.result"] : [], context.LostFields());
    }
}
