using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class CredentialsTranslationTests
{
    private const string Credentials211 = "2.1.1/credentials.md#0";
    private const string VersionDetails211 = "2.1.1/version_information_endpoint.md#1";

    [Fact]
    public void A_2_1_1_party_becomes_one_role_given_by_the_context()
    {
        var canonical = Translator.ToCanonical(Translate.ReadExample<Credentials>(Credentials211), new TranslationContext { OwnerRole = Role.Cpo });
        var context = new TranslationContext();

        var credentials = V221.Translator.FromCanonical(canonical, context);

        Assert.Equal("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2", credentials.Token);
        Assert.Equal("https://example.com/ocpi/cpo/versions/", credentials.Url);
        var role = Assert.Single(credentials.Roles!);
        Assert.Equal((Role.Cpo, "EXA", "NL", "Example Operator"), (role.Role!.Value, role.PartyId, role.CountryCode, role.BusinessDetails!.Name));
        Assert.Equal("http://example.com", role.BusinessDetails.Website);
        Assert.Null(credentials.HubPartyId);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void Every_2_1_1_credentials_example_round_trips_losslessly()
    {
        var json = Translate.Example(Credentials211);
        var (back, losses) = Translate.RoundTrip<Credentials, V230.Credentials>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Theory]
    [InlineData("PFC", "Plug Flex Charging", "CPO NL*EXO, CPO NL*CGP dropped")]
    [InlineData("CGP", "Charging Green Power", "CPO NL*EXO, CPO NL*PFC dropped")]
    public void A_platform_of_several_parties_comes_down_as_the_party_of_the_context(string partyId, string name, string lost)
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V230.Credentials>("2.2.1/credentials_example4.json"), new TranslationContext());
        var context = new TranslationContext(new PartyRef("nl", partyId.ToLowerInvariant())) { OwnerRole = Role.Cpo };

        var credentials = Translator.FromCanonical(canonical, context);

        Assert.Equal((partyId, "NL", name), (credentials.PartyId, credentials.CountryCode, credentials.BusinessDetails!.Name));
        Assert.StartsWith(lost, context.Loss("Credentials", "roles").What);
    }

    [Fact]
    public void Without_a_party_in_the_context_the_first_role_comes_down_and_the_hub_party_id_is_reported()
    {
        var canonical = Translate.ReadExample<V230.Credentials>("2.3.0/credentials_example2.json") with { HubPartyId = "NLHUB" };
        var context = new TranslationContext();

        var credentials = Translator.FromCanonical(canonical, context);

        Assert.Equal(canonical.Roles![0].PartyId, credentials.PartyId);
        Assert.Equal(["Credentials.hub_party_id", "Credentials.roles"], context.LostFields());
    }

    [Theory]
    [InlineData("CPO", "SENDER")]
    [InlineData("EMSP", "RECEIVER")]
    public void The_endpoints_of_a_2_1_1_party_get_the_interface_its_role_offers(string role, string locationsInterface)
    {
        var details = Translator.ToCanonical(Translate.ReadExample<VersionDetails>(VersionDetails211), new TranslationContext { OwnerRole = Role.From(role) });

        Assert.Equal([InterfaceRole.Sender, InterfaceRole.From(locationsInterface)], details.Endpoints!.Select(e => e.Role!.Value));
        Assert.Equal(InterfaceRole.Receiver, Translator.InterfaceOf(Role.Cpo, ModuleId.Commands));
        Assert.Equal(InterfaceRole.Sender, Translator.InterfaceOf(Role.Emsp, ModuleId.Tokens));
        Assert.Null(Translator.InterfaceOf(null, ModuleId.Locations));
    }

    [Fact]
    public void Version_details_round_trip_losslessly()
    {
        var json = Translate.Example(VersionDetails211);
        var context = new TranslationContext { OwnerRole = Role.Cpo };

        var back = Translator.FromCanonical(Translator.ToCanonical(Translate.ReadExample<VersionDetails>(VersionDetails211), context), context);

        JsonSemantics.AssertEqual(json, Translate.Write(back, OcpiVersion.V211));
        Assert.Empty(context.Losses);
    }

    [Theory]
    [InlineData("CPO", "https://example.com/ocpi/cpo/2.2/locations", "https://example.com/ocpi/cpo/2.2/tokens")]
    [InlineData("EMSP", "https://example.com/ocpi/msp/2.2/locations", "https://example.com/ocpi/msp/2.2/tokens")]
    public void A_platform_of_both_roles_shows_a_2_1_1_peer_the_interfaces_of_the_context_role(string role, string locations, string tokens)
    {
        var details = Translate.ReadExample<VersionDetails>("2.2.1/version_details_example2.json");
        var context = new TranslationContext { OwnerRole = Role.From(role) };

        var down = Translator.FromCanonical(details, context);

        Assert.Equal(["credentials", "locations", "tokens"], down.Endpoints!.Select(e => e.Identifier!.Value.Value));
        Assert.Equal(["https://example.com/ocpi/2.2/credentials", locations, tokens], down.Endpoints!.Select(e => e.Url));
        Assert.All(down.Endpoints!, e => Assert.Null(e.Role));
        Assert.Contains("dropped: 2.1.1 lists one interface per module", context.Loss("Endpoint", "role").What);
    }

    [Fact]
    public void Endpoints_of_later_modules_are_left_out_for_2_1_1()
    {
        var details = new VersionDetails
        {
            Number = VersionNumber.V221,
            Endpoints =
            [
                new() { Identifier = ModuleId.Chargingprofiles, Role = InterfaceRole.Receiver, Url = "https://hub.example.com/cp" },
                new() { Identifier = ModuleId.Commands, Role = InterfaceRole.Receiver, Url = "https://hub.example.com/commands" },
                new() { Identifier = ModuleId.From("x-custom"), Role = InterfaceRole.Receiver, Url = "https://hub.example.com/x" },
            ],
        };
        var context = new TranslationContext { OwnerRole = Role.Cpo };

        var down = Translator.FromCanonical(details, context);

        Assert.Equal(["commands", "x-custom"], down.Endpoints!.Select(e => e.Identifier!.Value.Value));
        Assert.StartsWith("chargingprofiles dropped", context.Loss("VersionDetails", "endpoints").What);
    }
}
