using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.Translation;
using OcpiHub.Protocol.V230;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.Validation;

public class LocationRulesTests
{
    private static Location Unpublished() => Translate.ReadExample<Location>("2.2.1/location_example_uc4_limited_visibility.json");

    private static string[] Problems(object model, OcpiVersion version = OcpiVersion.V221, ValidationMode mode = ValidationMode.Full) =>
        OcpiValidator.Validate(model, version, mode).Select(p => p.ToString()).ToArray();

    [Fact]
    public void Publish_allowed_to_is_only_allowed_on_an_unpublished_location_also_in_a_patch()
    {
        Assert.Empty(Problems(Unpublished()));
        Assert.Equal(["$.publish_allowed_to: only allowed when publish is false"], Problems(Unpublished() with { Publish = true }));
        var patch = new Location { Publish = true, PublishAllowedTo = [new() { GroupId = "G1" }], LastUpdated = DateTimeOffset.UnixEpoch };
        Assert.Equal(["$.publish_allowed_to: only allowed when publish is false"], Problems(patch, mode: ValidationMode.Patch));
    }

    [Theory]
    [InlineData(null, null, null, null, null, "$.publish_allowed_to[0].uid: one of uid, visual_number or group_id is required")]
    [InlineData("U1", null, null, null, null, "$.publish_allowed_to[0].type: required with uid")]
    [InlineData(null, null, "12345-67", null, null, "$.publish_allowed_to[0].issuer: required with visual_number")]
    [InlineData("U1", "RFID", null, null, null, null)]
    [InlineData(null, null, "12345-67", "NewMotion", null, null)]
    [InlineData(null, null, null, null, "G1", null)]
    public void A_publish_token_names_a_token_or_group_completely(string? uid, string? type, string? visualNumber, string? issuer, string? groupId, string? problem)
    {
        var allowed = new PublishTokenType { Uid = uid, Type = type is null ? null : TokenType.From(type), VisualNumber = visualNumber, Issuer = issuer, GroupId = groupId };

        Assert.Equal(problem is null ? [] : [problem], Problems(Unpublished() with { PublishAllowedTo = [allowed] }));
    }

    [Fact]
    public void Parking_ids_are_unique_and_every_evse_parking_refers_to_one_of_them()
    {
        var location = Unpublished() with
        {
            ParkingPlaces =
            [
                new() { Id = "P1", VehicleTypes = [VehicleType.PersonalVehicle], RestrictedToType = false, ReservationRequired = false },
                new() { Id = "p1", VehicleTypes = [VehicleType.Van], RestrictedToType = false, ReservationRequired = false },
            ],
        };
        location = location with { Evses = [location.Evses![0] with { Parking = [new() { ParkingId = "P1" }, new() { ParkingId = "P9" }] }] };

        Assert.Equal(
            ["$.evses: parking_id 'P9' is not in parking_places", "$.parking_places: id 'p1' is not unique in the Location"],
            Problems(location, OcpiVersion.V230).Order());
    }

    [Fact]
    public void Time_zone_is_optional_in_2_1_1_only()
    {
        var v211 = Translate.ReadExample<V211.Location>("2.1.1/mod_locations.md#5");
        Assert.Null(v211.TimeZone);
        Assert.DoesNotContain(Problems(v211, OcpiVersion.V211), p => p.Contains("time_zone"));
        Assert.Contains("$.time_zone: required field missing", Problems(Unpublished() with { TimeZone = null }));
    }
}
