using static OcpiHub.Protocol.Tests.SpecCorpus.ExampleKind;

namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>
/// Which object each spec example is. Every example must be named here (by file-name prefix for the example
/// folders, by block for the 2.1.1 Markdown); an example nobody classified fails the corpus test.
/// </summary>
public static class ExampleCatalog
{
    // First matching prefix wins: the specific ones come before the general ones.
    private static readonly (string Prefix, ExampleKind Kind)[] Files =
    [
        ("cdr_example", Cdr),
        ("credentials_example", Credentials),
        ("location_energymix_example", EnergyMix.InMember("energy_mix")),
        ("location_hours_", Hours),
        ("location_regularhours_example", Hours.InMember("opening_times")),
        ("location_patch_example_location", Location.Patch()),
        ("location_patch_example_remove_evse", Evse.Patch()),
        ("location_patch_example_status", Evse.Patch()),
        ("location_patch_example_tariff", Connector.Patch()),
        ("location_put_example_add_evse", Evse),
        ("location_example", Location),
        ("payment_financial_advice_confirmation_", FinancialAdviceConfirmation),
        ("payment_terminal_location_assignment", Terminal.Patch()),
        ("payment_terminal_", Terminal),
        ("session_patch_example", Session.Patch()),
        ("session_example", Session),
        ("token_patch_example", Token.Patch()),
        ("token_", Token),
        ("tariff", Tariff),
        ("transport_and_format_get_token_example", Token.InEnvelope()),
        ("transport_and_format_get_token_list_example", Token.ListOf().InEnvelope()),
        ("transport_and_format_version_details_example", VersionDetails.InEnvelope()),
        ("transport_and_format_version_info_example", VersionInfo.ListOf().InEnvelope()),
        ("type_displaytext_example", DisplayText),
        ("version_details_example", VersionDetails),
        ("versions_info_example", VersionInfo.ListOf()),
    ];

    // The JSON blocks of the 2.1.1 Markdown chapters, in the order they appear in each file.
    private static readonly Dictionary<string, ExampleKind> Blocks = new()
    {
        ["credentials.md#0"] = Credentials,
        ["mod_cdrs.md#0"] = Cdr,
        ["mod_locations.md#0"] = Evse.Patch(),
        ["mod_locations.md#1"] = Location.Patch(),
        ["mod_locations.md#2"] = Connector.Patch(),
        ["mod_locations.md#3"] = Evse,
        ["mod_locations.md#4"] = Evse.Patch(),
        ["mod_locations.md#5"] = Location,
        ["mod_locations.md#6"] = EnergyMix.InMember("energy_mix"),
        ["mod_locations.md#7"] = EnergyMix.InMember("energy_mix"),
        ["mod_locations.md#8"] = EnergyMix.InMember("energy_mix"),
        ["mod_locations.md#9"] = Hours.InMember("opening_times"),
        ["mod_sessions.md#0"] = Session.Patch(),
        ["mod_sessions.md#1"] = Session,
        ["mod_sessions.md#2"] = Session,
        ["mod_tariffs.md#0"] = Tariff,
        // Headed "PUT" but shown under the PATCH method: a partial Tariff.
        ["mod_tariffs.md#1"] = Tariff.Patch(),
        ["mod_tariffs.md#2"] = Tariff,
        ["mod_tariffs.md#3"] = Tariff,
        ["mod_tariffs.md#4"] = Tariff,
        ["mod_tariffs.md#5"] = Tariff,
        ["mod_tariffs.md#6"] = Tariff,
        ["mod_tokens.md#0"] = Token,
        ["mod_tokens.md#1"] = Token.Patch(),
        ["mod_tokens.md#2"] = Token,
        ["transport_and_format.md#0"] = VersionInfo.ListOf().InEnvelope(),
        ["transport_and_format.md#1"] = VersionDetails.InEnvelope(),
        ["transport_and_format.md#2"] = Token.InEnvelope(),
        ["transport_and_format.md#3"] = Token.ListOf().InEnvelope(),
        ["transport_and_format.md#4"] = ErrorResponse,
        ["version_information_endpoint.md#0"] = VersionInfo.ListOf(),
        ["version_information_endpoint.md#1"] = VersionDetails,
    };

    public static ExampleKind? KindOf(SpecExample example)
    {
        var name = example.Id[(example.Id.IndexOf('/') + 1)..];
        return example.Version == OcpiVersion.V211
            ? Blocks.GetValueOrDefault(name)
            : Files.FirstOrDefault(f => name.StartsWith(f.Prefix, StringComparison.Ordinal)).Kind;
    }
}
