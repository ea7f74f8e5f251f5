using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.Validation;

public class CommandRulesTests
{
    [Theory]
    [InlineData(OcpiVersion.V211, false)]
    [InlineData(OcpiVersion.V221, true)]
    [InlineData(OcpiVersion.V230, true)]
    public void A_command_response_needs_a_timeout_from_2_2_1_on(OcpiVersion version, bool required)
    {
        var problems = OcpiJson.Read<V230.CommandResponse>("""{ "result": "ACCEPTED" }""", version).Problems;

        Assert.Equal(required ? ["$.timeout: required field missing"] : [], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Timeout_is_an_answer_of_2_1_1_only()
    {
        Assert.Empty(OcpiJson.Read<V230.CommandResponse>("""{ "result": "TIMEOUT" }""", OcpiVersion.V211).Problems);
        Assert.Single(OcpiJson.Read<V230.CommandResponse>("""{ "result": "TIMEOUT", "timeout": 10 }""", OcpiVersion.V221).Problems);
    }

    [Fact]
    public void A_start_session_on_a_connector_names_its_evse()
    {
        var command = new V230.StartSession
        {
            ResponseUrl = "https://e.example.com/r/1",
            Token = Translation.Translate.ReadExample<V230.Token>("2.3.0/token_example_1_app_user.json"),
            LocationId = "LOC1",
            ConnectorId = "1",
        };

        var problem = Assert.Single(OcpiValidator.Validate(command, OcpiVersion.V230));

        Assert.Equal("$.evse_uid: required when connector_id is set", problem.ToString());
        Assert.Empty(OcpiValidator.Validate(command with { EvseUid = "E1" }, OcpiVersion.V230));
    }
}
