using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Core.Tests.Data;

/// <summary>The one visibility rule of pushes and pulls, as a table.</summary>
public class VisibilityTests
{
    private static readonly PartyKey E22 = new("DE", "E22");
    private static readonly PartyKey Other = new("DE", "OTH");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, bool?, OcpiVersion, bool, bool> Locations => new()
    {
        // case, publish, reader version, reader owns an allowed token, shown
        { "published, 2.1.1", true, OcpiVersion.V211, false, true },
        { "published, 2.2.1", true, OcpiVersion.V221, false, true },
        { "publish absent (a PATCH-built copy), 2.3.0", null, OcpiVersion.V230, false, true },
        { "unpublished, 2.1.1 even with the token", false, OcpiVersion.V211, true, false },
        { "unpublished, 2.2.1 with the token", false, OcpiVersion.V221, true, true },
        { "unpublished, 2.3.0 with the token", false, OcpiVersion.V230, true, true },
        { "unpublished, 2.2.1 without", false, OcpiVersion.V221, false, false },
        { "unpublished, 2.3.0 without", false, OcpiVersion.V230, false, false },
    };

    [Theory]
    [MemberData(nameof(Locations))]
    public void A_location_is_shown_by_publish_version_and_token_ownership(string @case, bool? publish, OcpiVersion version, bool ownsToken, bool shown)
    {
        var owners = new HashSet<PartyKey> { ownsToken ? E22 : Other };
        Assert.True(shown == Visibility.Shows(new Location { Publish = publish }, version, E22, owners), @case);
    }

    [Theory]
    [InlineData(null, OcpiVersion.V211, true)]
    [InlineData("REGULAR", OcpiVersion.V211, true)]
    [InlineData("AD_HOC_PAYMENT", OcpiVersion.V211, false)]
    [InlineData("PROFILE_GREEN", OcpiVersion.V211, false)]
    [InlineData("AD_HOC_PAYMENT", OcpiVersion.V221, true)]
    [InlineData("PROFILE_CHEAP", OcpiVersion.V230, true)]
    public void A_typed_tariff_is_not_shown_to_2_1_1(string? type, OcpiVersion version, bool shown) =>
        Assert.Equal(shown, Visibility.Shows(new Tariff { Type = type is null ? null : TariffType.From(type) }, version, Now));

    [Theory]
    [InlineData(OcpiVersion.V211, false, false)]
    [InlineData(OcpiVersion.V211, true, true)]
    [InlineData(OcpiVersion.V221, false, true)]
    public void A_tariff_of_reservation_elements_alone_is_not_shown_to_2_1_1(OcpiVersion version, bool withChargingElement, bool shown)
    {
        var reservation = new TariffElement { Restrictions = new() { Reservation = ReservationRestrictionType.Reservation } };
        var elements = withChargingElement ? new[] { reservation, new TariffElement() } : [reservation];
        Assert.Equal(shown, Visibility.Shows(new Tariff { Elements = elements }, version, Now));
    }

    [Theory]
    [InlineData("no period", null, null, OcpiVersion.V211, true)]
    [InlineData("started", -60, null, OcpiVersion.V211, true)]
    [InlineData("starting now", 0, null, OcpiVersion.V211, true)]
    [InlineData("starting later", 60, null, OcpiVersion.V211, false)]
    [InlineData("ending later", null, 60, OcpiVersion.V211, true)]
    [InlineData("ending now", null, 0, OcpiVersion.V211, false)]
    [InlineData("ended", -120, -60, OcpiVersion.V211, false)]
    [InlineData("within its period", -60, 60, OcpiVersion.V211, true)]
    [InlineData("starting later, 2.2.1 applies it itself", 60, null, OcpiVersion.V221, true)]
    [InlineData("ended, 2.3.0 applies it itself", -120, -60, OcpiVersion.V230, true)]
    public void A_tariff_is_shown_to_2_1_1_only_within_its_validity_period(string @case, int? startMinutes, int? endMinutes, OcpiVersion version, bool shown)
    {
        DateTimeOffset? At(int? minutes) => minutes is { } m ? Now.AddMinutes(m) : null;
        var tariff = new Tariff { StartDateTime = At(startMinutes), EndDateTime = At(endMinutes) };
        Assert.True(shown == Visibility.Shows(tariff, version, Now), @case);
    }

    public static TheoryData<string, PublishTokenType, bool> Entries => new()
    {
        { "uid and type", new() { Uid = "uid-1", Type = TokenType.From("RFID") }, true },
        { "uid of another type", new() { Uid = "UID-1", Type = TokenType.From("APP_USER") }, false },
        { "another uid", new() { Uid = "UID-2", Type = TokenType.From("RFID") }, false },
        { "visual number and issuer", new() { VisualNumber = "NL-ABC-1", Issuer = "Mobility" }, true },
        { "visual number, another issuer", new() { VisualNumber = "NL-ABC-1", Issuer = "Other" }, false },
        { "visual number in another case", new() { VisualNumber = "nl-abc-1", Issuer = "Mobility" }, false },
        { "group id, any case", new() { GroupId = "group-7" }, true },
        { "group id and a different uid", new() { GroupId = "GROUP-7", Uid = "UID-9", Type = TokenType.From("RFID") }, false },
        { "nothing identifying", new() { Issuer = "Mobility" }, false },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void A_publish_token_entry_matches_a_token_on_all_its_set_fields(string @case, PublishTokenType allowed, bool matches)
    {
        var token = new Token { Uid = "UID-1", Type = TokenType.From("RFID"), VisualNumber = "NL-ABC-1", Issuer = "Mobility", GroupId = "GROUP-7" };
        Assert.True(matches == Visibility.Matches(allowed, token), @case);
    }
}
