using OcpiHub.Protocol;
using OcpiHub.Simulator;
using Xunit.Sdk;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>The oracle the network tests rely on can fail: it picks the schema by version, depth and method, and tolerates only its errata.</summary>
public class SchemaOracleTests
{
    private static void Check(string method, string path, string body) =>
        SchemaOracle.AssertValid([new RecordedRequest(method, path, "", new Dictionary<string, string>(), body)]);

    private static string Evse(OcpiVersion version, string evseId) => LocationJson.Evse(version, "E1").Replace("NL*CPO*EE1", evseId);

    [Fact]
    public void A_patch_is_checked_against_the_partial_schema_of_its_depth()
    {
        Check("PATCH", "/ocpi/2.2.1/locations/NL/CPA/L1/E1", """{"status":"CHARGING","last_updated":"2026-11-01T10:00:00Z"}""");
        Check("PATCH", "/ocpi/2.2.1/locations/NL/CPA/L1/E1/1", """{"max_voltage":400,"last_updated":"2026-11-01T10:00:00Z"}""");

        var wrong = Assert.Throws<TrueException>(() =>
            Check("PATCH", "/ocpi/2.2.1/locations/NL/CPA/L1/E1", """{"status":"CHARGING","voltage":230,"last_updated":"2026-11-01T10:00:00Z"}"""));
        Assert.Contains("ocpi.2_2_1.evse.partial", wrong.Message);
        Assert.Contains("voltage", wrong.Message);
    }

    [Fact]
    public void A_2_2_1_location_without_time_zone_is_a_violation()
    {
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1").Replace("\"time_zone\":\"Europe/Amsterdam\",", "");

        var wrong = Assert.Throws<TrueException>(() => Check("PUT", "/ocpi/2.2.1/locations/NL/CPA/L1", location));
        Assert.Contains("time_zone", wrong.Message);
    }

    [Fact]
    public void Only_the_errata_are_tolerated_and_2_3_0_is_not_checked()
    {
        // The 2.1.1 evse_id pattern is an erratum of the schemas (2.1.1 examples use '-'); in 2.2.1 it is not.
        Check("PUT", "/ocpi/2.1.1/locations/BE/BEC/L1/E1", Evse(OcpiVersion.V211, "BE-BEC-E041503001"));
        Assert.Throws<TrueException>(() => Check("PUT", "/ocpi/2.2.1/locations/BE/BEC/L1/E1", Evse(OcpiVersion.V221, "BE-BEC-E041503001")));
        Check("PUT", "/ocpi/2.2.1/locations/BE/BEC/L1/E1", Evse(OcpiVersion.V221, "BE*BEC*E041503001"));
        Check("PUT", "/ocpi/2.3.0/locations/BE/BEC/L1/E1", """{"anything":true}""");
    }

    [Fact]
    public void The_owner_ids_of_the_2_1_1_back_port_pass_on_whole_top_level_objects_only()
    {
        const string ownerIds = "\"country_code\":\"NL\",\"party_id\":\"CPA\",";
        var location = LocationJson.Location(OcpiVersion.V211, "NL", "CPA", "L1");
        Check("PUT", "/ocpi/2.1.1/locations/NL/CPA/L1", "{" + ownerIds + location[(location.IndexOf('{') + 1)..]);

        var evse = LocationJson.Evse(OcpiVersion.V211, "E1");
        var inEvse = Assert.Throws<TrueException>(() => Check("PUT", "/ocpi/2.1.1/locations/NL/CPA/L1/E1", "{" + ownerIds + evse[1..]));
        Assert.Contains("country_code", inEvse.Message);
        var inPatch = Assert.Throws<TrueException>(() =>
            Check("PATCH", "/ocpi/2.1.1/locations/NL/CPA/L1", "{" + ownerIds + "\"name\":\"Plaza\",\"last_updated\":\"2026-11-01T10:00:00Z\"}"));
        Assert.Contains("party_id", inPatch.Message);
    }

    [Fact]
    public void What_the_hub_serves_is_checked_too_owner_ids_only_on_a_whole_2_1_1_location_and_a_2_2_1_time_zone_required()
    {
        static string Envelope(string data) => $$"""{"data":{{data}},"status_code":1000,"timestamp":"2026-11-01T10:00:00Z"}""";
        const string ownerIds = "\"country_code\":\"NL\",\"party_id\":\"CPA\",";
        var location = LocationJson.Location(OcpiVersion.V211, "NL", "CPA", "L1");
        SchemaOracle.AssertValidServed("/ocpi/2.1.1/sender/locations/L1", Envelope("{" + ownerIds + location[(location.IndexOf('{') + 1)..]));

        var evse = LocationJson.Evse(OcpiVersion.V211, "E1");
        var inEvse = Assert.Throws<TrueException>(() => SchemaOracle.AssertValidServed("/ocpi/2.1.1/sender/locations/L1/E1", Envelope("{" + ownerIds + evse[1..])));
        Assert.Contains("ocpi.2_1_1.evse.response", inEvse.Message);

        var noZone = LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1").Replace("\"time_zone\":\"Europe/Amsterdam\",", "");
        var page = Assert.Throws<TrueException>(() => SchemaOracle.AssertValidServed("/ocpi/2.2.1/sender/locations", Envelope($"[{noZone}]")));
        Assert.Contains("time_zone", page.Message);
    }
}
