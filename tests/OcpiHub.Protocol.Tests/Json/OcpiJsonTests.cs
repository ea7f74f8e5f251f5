using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Protocol.Tests.Json;

public class OcpiJsonTests
{
    private static DateTimeOffset ReadLastUpdated(string value) =>
        OcpiJson.Read<Common.ExceptionalPeriod>($$"""{"period_begin":"{{value}}","period_end":"{{value}}"}""", OcpiVersion.V211).Value!.PeriodBegin!.Value;

    [Theory]
    [InlineData("2015-06-29T20:39:09Z")]
    [InlineData("2015-06-29T20:39:09")]
    [InlineData("2015-06-29T20:39:09+00:00")]
    [InlineData("2015-06-29T22:39:09+02:00")]
    public void DateTimes_with_Z_an_offset_or_no_zone_read_as_the_same_UTC_instant(string text) =>
        Assert.Equal(new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero), ReadLastUpdated(text));

    [Fact]
    public void Fractional_seconds_are_read_and_written_without_trailing_zeros()
    {
        var value = ReadLastUpdated("2016-12-29T17:45:09.2Z");

        Assert.Equal(200, value.Millisecond);
        Assert.Equal("2016-12-29T17:45:09.2Z", OcpiDateTimeConverter.Format(value));
    }

    [Theory]
    [InlineData("2016-12-29T17:45:09.1239999Z", "2016-12-29T17:45:09.123Z")]
    [InlineData("2016-12-29T17:45:09.0009Z", "2016-12-29T17:45:09Z")]
    [InlineData("2016-12-29T17:45:09.999999Z", "2016-12-29T17:45:09.999Z")]
    public void DateTimes_are_written_with_at_most_milliseconds_cut_not_rounded(string read, string written) =>
        Assert.Equal(written, OcpiDateTimeConverter.Format(ReadLastUpdated(read)));

    [Fact]
    public void DateTimes_are_always_written_in_UTC_with_Z() =>
        Assert.Equal("2015-06-29T20:39:09Z", OcpiDateTimeConverter.Format(ReadLastUpdated("2015-06-29T22:39:09+02:00")));

    [Theory]
    [InlineData("29-06-2015")]
    [InlineData("2015-06-29 20:39:09")]
    [InlineData("2015-13-29T20:39:09Z")]
    [InlineData("")]
    public void Malformed_dates_are_rejected(string text) => Assert.Null(OcpiDateTimeConverter.Parse(text));

    [Fact]
    public void Unknown_fields_are_kept_at_every_level_and_written_back()
    {
        const string json = """
            {"country_code":"DE","party_id":"TNM","uid":"1","type":"RFID","contract_id":"C1","issuer":"X","valid":true,
             "whitelist":"ALLOWED","last_updated":"2018-12-10T17:25:10Z","x_vendor":{"tier":"gold"},
             "energy_contract":{"supplier_name":"Green","rating":4.5}}
            """;

        var token = OcpiJson.Read<V230.Token>(json, OcpiVersion.V230).Value!;

        Assert.Equal(["$.x_vendor", "$.energy_contract.rating"], Protocol.Validation.UnknownFields.In(token));
        JsonSemantics.AssertEqual(json, OcpiJson.Serialize(token, OcpiVersion.V230));
    }

    [Fact]
    public void Unknown_values_of_an_open_enum_are_kept_and_accepted_in_every_version()
    {
        const string json = """{"id":"1","standard":"X_FUTURE_PLUG","format":"CABLE","power_type":"DC","max_voltage":920,"max_amperage":500,"last_updated":"2024-01-01T00:00:00Z"}""";

        foreach (var version in new[] { OcpiVersion.V221, OcpiVersion.V230 })
        {
            var read = OcpiJson.Read<V230.Connector>(json, version);
            Assert.Empty(read.Problems);
            Assert.Equal(new ConnectorType("X_FUTURE_PLUG"), read.Value!.Standard);
            Assert.Equal("X_FUTURE_PLUG", JsonNode.Parse(OcpiJson.Serialize(read.Value, version))!["standard"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Unknown_values_of_a_closed_enum_are_kept_though_reported()
    {
        var read = OcpiJson.Read<V230.Connector>("""{"id":"1","standard":"CHADEMO","format":"GLUED","power_type":"DC","max_voltage":920,"max_amperage":500,"last_updated":"2024-01-01T00:00:00Z"}""", OcpiVersion.V221);

        Assert.Equal("GLUED", read.Value!.Format!.Value.Value);
        Assert.Single(read.Problems);
    }

    [Fact]
    public void Amounts_are_decimals_and_keep_their_digits()
    {
        const string json = """{"excl_vat":0.1,"incl_vat":0.30000000000000004}""";

        var price = OcpiJson.Read<V221.Price>(json, OcpiVersion.V221).Value!;

        Assert.Equal(0.1m, price.ExclVat);
        Assert.Equal(0.30000000000000004m, price.InclVat);
        Assert.Equal(json, OcpiJson.Serialize(price, OcpiVersion.V221));
    }

    [Fact]
    public void Enum_domains_know_what_each_version_defines()
    {
        Assert.True(TokenType.Domain.Defines("EMAID", OcpiVersion.V230));
        Assert.False(TokenType.Domain.Defines("EMAID", OcpiVersion.V221));
        Assert.True(CdrDimensionType.Domain.Defines("FLAT", OcpiVersion.V211));
        Assert.False(CdrDimensionType.Domain.Defines("FLAT", OcpiVersion.V221));
        Assert.True(Role.Domain.Defines("HUB", OcpiVersion.V221));
        Assert.False(Role.Domain.Defines("HUB", OcpiVersion.V230));
    }
}
