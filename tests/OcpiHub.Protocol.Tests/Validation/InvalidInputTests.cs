using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.Validation;

/// <summary>Each kind of bad input yields a problem that names the JSON path and the reason.</summary>
public class InvalidInputTests
{
    private const string Token221 = """
        {"country_code":"DE","party_id":"TNM","uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89",
         "issuer":"TheNewMotion","valid":true,"whitelist":"ALLOWED","last_updated":"2018-12-10T17:25:10Z"}
        """;

    private static IReadOnlyList<ValidationProblem> ProblemsOf<T>(string json, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
        where T : class => OcpiJson.Read<T>(json, version, mode).Problems;

    [Fact]
    public void A_valid_token_has_no_problem() => Assert.Empty(ProblemsOf<V230.Token>(Token221, OcpiVersion.V221));

    [Fact]
    public void Missing_required_field_names_its_path()
    {
        var problems = ProblemsOf<V230.Token>(Token221.Replace("\"issuer\":\"TheNewMotion\",", ""), OcpiVersion.V221);

        Assert.Equal([new("$.issuer", "required field missing")], problems);
    }

    [Fact]
    public void Missing_required_field_of_a_nested_object_names_the_nested_path()
    {
        const string connectorWithoutStandard = """
            {"id":"1","format":"CABLE","power_type":"AC_3_PHASE","max_voltage":220,"max_amperage":16,"last_updated":"2019-06-24T12:39:09Z"}
            """;
        var evse = $$"""{"uid":"3256","status":"AVAILABLE","connectors":[{{connectorWithoutStandard}}],"last_updated":"2019-06-24T12:39:09Z"}""";

        Assert.Equal([new("$.connectors[0].standard", "required field missing")], ProblemsOf<V230.Evse>(evse, OcpiVersion.V221));
    }

    [Fact]
    public void String_too_long_names_its_path_and_limit()
    {
        var problems = ProblemsOf<V230.Token>(Token221.Replace("012345678", new string('7', 37)), OcpiVersion.V221);

        Assert.Equal([new("$.uid", "longer than 36 characters")], problems);
    }

    [Theory]
    [InlineData("012345678", "\\u00e9", "$.uid", "must be printable ASCII (CiString)")] // é: not ASCII
    [InlineData("012345678", "\\u007f", "$.uid", "must be printable ASCII (CiString)")] // DEL: ASCII, not printable
    [InlineData("012345678", "\\u0009", "$.uid", "must be printable ASCII (CiString)")] // a tab
    [InlineData("TheNewMotion", "\\u0007", "$.issuer", "must not contain control characters")] // C0 control
    [InlineData("TheNewMotion", "\\u0085", "$.issuer", "must not contain control characters")] // C1 control (next line)
    [InlineData("TheNewMotion", "\\u009f", "$.issuer", "must not contain control characters")] // the last C1 control
    public void A_character_a_string_kind_forbids_is_a_problem(string value, string escaped, string path, string reason)
    {
        var problems = ProblemsOf<V230.Token>(Token221.Replace(value, $"{value[..3]}{escaped}{value[3..]}"), OcpiVersion.V221);

        Assert.Equal([new(path, reason)], problems);
    }

    [Theory]
    [InlineData("012345678", "0 ~1")] // a CiString of the first and last printable characters
    [InlineData("TheNewMotion", "The\\u00a0N\\u00e9wMotion")] // a string of letters beyond the controls
    public void Characters_a_string_kind_allows_are_no_problem(string value, string allowed) =>
        Assert.Empty(ProblemsOf<V230.Token>(Token221.Replace(value, allowed), OcpiVersion.V221));

    [Theory]
    [InlineData("\"x\":\"a\\u0000b\"", "$.x", "must not contain control characters")]
    [InlineData("\"x\":{\"y\":[\"ok\",\"\\u0085\"]}", "$.x.y[1]", "must not contain control characters")]
    [InlineData("\"x\\u0000\":1", "$", "a field name must not contain control characters")]
    [InlineData("\"x\":{\"\\u0007\":1}", "$.x", "a field name must not contain control characters")]
    [InlineData("\"x\":\"\\uD800\"", "$.x", "holds a lone surrogate (not UTF-16 text)")]
    [InlineData("\"x\":[{\"\\uDC00\":1}]", "$.x[0]", "a field name holds a lone surrogate (not UTF-16 text)")]
    public void An_unknown_field_is_kept_only_as_text(string field, string path, string reason) =>
        Assert.Equal([new(path, reason)], ProblemsOf<V230.Token>(Token221.Replace("\"valid\":true", "\"valid\":true," + field), OcpiVersion.V221));

    [Fact]
    public void Unknown_fields_of_text_numbers_and_nesting_are_no_problem() =>
        Assert.Empty(ProblemsOf<V230.Token>(Token221.Replace("\"valid\":true",
            "\"valid\":true,\"x\":{\"y\":[1,-2.5e300,1E-300,0.1234567890123456789,\"caf\\u00e9\",null,true]}"), OcpiVersion.V221));

    [Theory]
    [InlineData("1e1000000")] // beyond a double, and PostgreSQL's numeric
    [InlineData("1e400")]
    [InlineData("0e-20000")] // zero, yet PostgreSQL's jsonb refuses it
    [InlineData("1e-0400")]
    public void An_unknown_number_beyond_what_stores_and_readers_take_is_a_problem(string number) =>
        Assert.Equal("$.x[0]", Assert.Single(ProblemsOf<V230.Token>(Token221.Replace("\"valid\":true", $"\"valid\":true,\"x\":[{number}]"), OcpiVersion.V221)).Path);

    [Fact]
    public void An_unknown_number_of_more_than_64_characters_is_a_problem() =>
        Assert.Single(ProblemsOf<V230.Token>(Token221.Replace("\"valid\":true", $"\"valid\":true,\"x\":0.{new string('0', 70)}1"), OcpiVersion.V221));

    [Theory]
    [InlineData("R\\u0000FID")]
    [InlineData("RFID\\u0009")]
    public void A_value_of_an_open_enum_has_no_control_characters(string type) =>
        Assert.Equal([new("$.type", "must not contain control characters")], ProblemsOf<V230.Token>(Token221.Replace("\"RFID\"", $"\"{type}\""), OcpiVersion.V230));

    [Fact]
    public void A_value_of_an_open_enum_has_at_most_255_characters()
    {
        Assert.Empty(ProblemsOf<V230.Token>(Token221.Replace("\"RFID\"", $"\"{new string('X', 255)}\""), OcpiVersion.V230));
        Assert.Equal([new("$.type", "longer than 255 characters")], ProblemsOf<V230.Token>(Token221.Replace("\"RFID\"", $"\"{new string('X', 256)}\""), OcpiVersion.V230));
    }

    [Fact]
    public void Unknown_value_of_a_closed_enum_is_a_problem()
    {
        var problems = ProblemsOf<V230.Token>(Token221.Replace("\"ALLOWED\"", "\"SOMETIMES\""), OcpiVersion.V221);

        Assert.Equal([new("$.whitelist", "'SOMETIMES' is not a WhitelistType value in 2.2.1")], problems);
    }

    [Fact]
    public void A_value_added_in_a_later_version_is_a_problem_in_an_earlier_one()
    {
        const string session = """
            {"id":"101","start_datetime":"2015-06-29T22:39:09Z","kwh":0.00,"auth_id":"DE8ACC12E46L89","auth_method":"COMMAND",
             "location":{"id":"LOC1","type":"ON_STREET","address":"F.Rooseveltlaan 3A","city":"Gent","postal_code":"9000","country":"BEL",
               "coordinates":{"latitude":"51.047599","longitude":"3.729944"},"last_updated":"2015-06-29T20:39:09Z"},
             "currency":"EUR","status":"PENDING","last_updated":"2015-06-29T22:39:09Z"}
            """;

        Assert.Equal([new("$.auth_method", "'COMMAND' is not a AuthMethod value in 2.1.1")], ProblemsOf<V211.Session>(session, OcpiVersion.V211));
    }

    [Fact]
    public void Malformed_date_names_its_path()
    {
        var problems = ProblemsOf<V230.Token>(Token221.Replace("2018-12-10T17:25:10Z", "10/12/2018 17:25"), OcpiVersion.V221);

        var problem = Assert.Single(problems);
        Assert.Equal("$.last_updated", problem.Path);
        Assert.Contains("is not an OCPI DateTime", problem.Reason);
    }

    [Fact]
    public void Wrong_json_type_names_its_path()
    {
        var problem = Assert.Single(ProblemsOf<V230.Token>(Token221.Replace("\"valid\":true", "\"valid\":\"yes\""), OcpiVersion.V221));

        Assert.Equal(new("$.valid", "wrong JSON type for this field"), problem);
    }

    [Fact]
    public void Malformed_json_is_a_problem_at_the_root()
    {
        var problem = Assert.Single(ProblemsOf<V230.Token>("{\"uid\": \"1\",", OcpiVersion.V221));

        Assert.StartsWith("malformed JSON", problem.Reason);
    }

    [Theory]
    [InlineData(OcpiVersion.V221)]
    [InlineData(OcpiVersion.V230)]
    public void Patch_without_last_updated_is_a_problem_from_2_2_1_on(OcpiVersion version)
    {
        Assert.Equal([new("$.last_updated", "required field missing")], ProblemsOf<V230.Token>("""{"valid":false}""", version, ValidationMode.Patch));
        Assert.Equal([new("$.last_updated", "required field missing")], ProblemsOf<V230.Evse>("""{"status":"CHARGING"}""", version, ValidationMode.Patch));
    }

    [Fact]
    public void Patch_without_last_updated_is_allowed_in_2_1_1() =>
        Assert.Empty(ProblemsOf<V211.Token>("""{"valid":false}""", OcpiVersion.V211, ValidationMode.Patch));

    [Fact]
    public void Patch_checks_the_fields_it_carries() => Assert.Equal(
        [new("$.status", "'BROKEN' is not a EvseStatus value in 2.2.1")],
        ProblemsOf<V230.Evse>("""{"status":"BROKEN","last_updated":"2019-06-24T12:39:09Z"}""", OcpiVersion.V221, ValidationMode.Patch));

    [Fact]
    public void Body_id_differing_from_url_id_names_the_field()
    {
        var token = OcpiJson.Read<V230.Token>(Token221, OcpiVersion.V221).Value!;

        var problems = OcpiValidator.MatchUrl(token, ("country_code", "de"), ("party_id", "TNM"), ("uid", "999"));

        Assert.Equal([new("$.uid", "'012345678' differs from '999' in the URL")], problems);
    }

    [Fact]
    public void Url_ids_compare_case_insensitively_and_absent_body_ids_are_no_problem()
    {
        var patch = OcpiJson.Read<V230.Token>("""{"valid":false,"last_updated":"2019-06-19T02:11:11Z"}""", OcpiVersion.V221, ValidationMode.Patch).Value!;
        var token = OcpiJson.Read<V230.Token>(Token221, OcpiVersion.V221).Value!;

        Assert.Empty(OcpiValidator.MatchUrl(patch, ("uid", "012345678")));
        Assert.Empty(OcpiValidator.MatchUrl(token, ("country_code", "de"), ("party_id", "tnm")));
    }

    [Fact]
    public void Problems_fit_a_status_message()
    {
        var problems = Enumerable.Range(0, 50).Select(i => new ValidationProblem($"$.evses[{i}].status", "required field missing")).ToArray();

        var message = problems.ToStatusMessage();

        Assert.True(message.Length <= 420, message);
        Assert.StartsWith("$.evses[0].status: required field missing; $.evses[1].status", message);
        Assert.EndsWith("more)", message);
    }
}
