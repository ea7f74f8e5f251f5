using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation.V221;

using Translator = global::OcpiHub.Protocol.V221.Translator;

public class CredentialsTranslationTests
{
    private static readonly Credentials HubCredentials = new()
    {
        Token = "token-b",
        Url = "https://hub.example.com/ocpi/versions",
        Roles =
        [
            new() { Role = Role.Hub, PartyId = "HUB", CountryCode = "NL", BusinessDetails = new BusinessDetails { Name = "Example Hub" } },
            new() { Role = Role.Cpo, PartyId = "EXA", CountryCode = "NL", BusinessDetails = new BusinessDetails { Name = "Example Operator" } },
        ],
    };

    [Theory]
    [InlineData("2.2.1/credentials_example.json")]
    [InlineData("2.2.1/credentials_example2.json")]
    [InlineData("2.2.1/credentials_example3.json")]
    [InlineData("2.2.1/credentials_example4.json")]
    public void The_2_2_1_credentials_examples_round_trip_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Credentials, Credentials>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_hub_role_gives_the_hub_party_id_and_comes_back_without_loss()
    {
        var canonical = Translator.ToCanonical(HubCredentials, new TranslationContext());
        var context = new TranslationContext();

        var back = Translator.FromCanonical(canonical, context);

        Assert.Equal("NLHUB", canonical.HubPartyId);
        Assert.Null(back.HubPartyId);
        Assert.Equal([Role.Hub, Role.Cpo], back.Roles!.Select(r => r.Role!.Value));
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_3_0_hub_party_id_is_reported_lost_in_2_2_1()
    {
        var credentials = Translate.ReadExample<Credentials>("2.3.0/credentials_example.json") with { HubPartyId = "DEHUB" };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(credentials, context);

        Assert.Null(down.HubPartyId);
        Assert.Contains("2.2.1 has no hub party id", context.Loss("Credentials", "hub_party_id").What);
    }

    [Fact]
    public void Payments_endpoints_are_left_out_for_2_2_1()
    {
        var details = new VersionDetails
        {
            Number = VersionNumber.V230,
            Endpoints =
            [
                new() { Identifier = ModuleId.Payments, Role = InterfaceRole.Receiver, Url = "https://hub.example.com/payments" },
                new() { Identifier = ModuleId.Hubclientinfo, Role = InterfaceRole.Receiver, Url = "https://hub.example.com/clientinfo" },
            ],
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(details, context);

        Assert.Equal(["hubclientinfo"], down.Endpoints!.Select(e => e.Identifier!.Value.Value));
        Assert.StartsWith("payments dropped", context.Loss("VersionDetails", "endpoints").What);
    }
}
