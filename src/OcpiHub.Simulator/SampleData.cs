using System.Globalization;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Simulator;

/// <summary>
/// Generated, valid OCPI objects of a party in one version: Locations with EVSEs and connectors, Tariffs, Tokens,
/// and the Session and CDR of a charge. Numbered, so a partner's objects are the same every time it is generated.
/// </summary>
public static class SampleData
{
    private static readonly string[] Cities = ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Malaga", "Zaragoza", "Murcia"];

    /// <summary>
    /// The id of a CPO's <paramref name="number"/>th Location (from 1): <c>CP1-LOC01</c>, unique across CPOs, so a 2.1.1
    /// command (which names no CPO) finds its Location.
    /// </summary>
    public static string LocationId(SimulatedParty cpo, int number) => $"{cpo.PartyId}-LOC{number:00}";

    /// <summary>The uid of EVSE <paramref name="evse"/> (from 1) of a Location.</summary>
    public static string EvseUid(string locationId, int evse) => $"{locationId}-{evse}";

    /// <summary>The uid of the <paramref name="number"/>th Token of an eMSP: <c>{PARTY}0001</c>, unique across sandbox eMSPs.</summary>
    public static string TokenUid(SimulatedParty party, int number) => $"{party.CountryCode}{party.PartyId}{number:0000}";

    public static string TariffId(int number) => $"TARIFF{number}";

    /// <summary>A Location with <paramref name="evses"/> EVSEs of two connectors each (AC socket and DC cable), all AVAILABLE.</summary>
    public static JsonObject Location(OcpiVersion version, SimulatedParty cpo, int number, int evses, DateTimeOffset updated)
    {
        var id = LocationId(cpo, number);
        var city = Cities[(number - 1) % Cities.Length];
        var location = Owned(version, cpo);
        location["id"] = id;
        if (version == OcpiVersion.V211)
            location["type"] = "PARKING_LOT";
        else
        {
            location["publish"] = true;
            location["parking_type"] = "PARKING_LOT";
        }
        location["name"] = $"{cpo.Name} {city} {number}";
        location["address"] = $"Calle Mayor {number}";
        location["city"] = city;
        location["postal_code"] = $"{28000 + number}";
        location["country"] = "ESP";
        location["coordinates"] = new JsonObject
        {
            ["latitude"] = (40.4 + number / 100.0).ToString("0.000000", CultureInfo.InvariantCulture),
            ["longitude"] = (-3.7 + number / 100.0).ToString("0.000000", CultureInfo.InvariantCulture),
        };
        location["evses"] = new JsonArray([.. Enumerable.Range(1, evses).Select(e => (JsonNode)Evse(version, cpo, id, e, updated))]);
        location["time_zone"] = "Europe/Madrid";
        location["last_updated"] = Time(updated);
        return location;
    }

    private static JsonObject Evse(OcpiVersion version, SimulatedParty cpo, string locationId, int number, DateTimeOffset updated) => new()
    {
        ["uid"] = EvseUid(locationId, number),
        ["evse_id"] = $"{cpo.CountryCode}*{cpo.PartyId}*E{locationId.Replace("-", "")}{number}",
        ["status"] = "AVAILABLE",
        ["connectors"] = new JsonArray(Connector(version, "1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 400, 32, updated),
            Connector(version, "2", "IEC_62196_T2_COMBO", "CABLE", "DC", 920, 125, updated)),
        ["last_updated"] = Time(updated),
    };

    private static JsonObject Connector(OcpiVersion version, string id, string standard, string format, string power, int volts, int amps, DateTimeOffset updated)
    {
        var connector = new JsonObject { ["id"] = id, ["standard"] = standard, ["format"] = format, ["power_type"] = power };
        var tariff = TariffId(power == "DC" ? 2 : 1);
        if (version == OcpiVersion.V211)
        {
            connector["voltage"] = volts;
            connector["amperage"] = amps;
            connector["tariff_id"] = tariff;
        }
        else
        {
            connector["max_voltage"] = volts;
            connector["max_amperage"] = amps;
            connector["tariff_ids"] = new JsonArray(tariff);
        }
        connector["last_updated"] = Time(updated);
        return connector;
    }

    /// <summary>Tariff 1 (AC: 0.30 per kWh) or 2 (DC: 0.45 per kWh and 0.10 per minute of parking).</summary>
    public static JsonObject Tariff(OcpiVersion version, SimulatedParty cpo, int number, DateTimeOffset updated)
    {
        var tariff = Owned(version, cpo);
        tariff["id"] = TariffId(number);
        tariff["currency"] = "EUR";
        if (version == OcpiVersion.V230)
            tariff["tax_included"] = "NO";
        var components = new JsonArray(Component("ENERGY", number == 1 ? 0.30m : 0.45m, 1));
        if (number != 1)
            components.Add(Component("PARKING_TIME", 6.00m, 60));
        tariff["elements"] = new JsonArray(new JsonObject { ["price_components"] = components });
        tariff["last_updated"] = Time(updated);
        return tariff;
    }

    private static JsonObject Component(string type, decimal price, int stepSize) => new() { ["type"] = type, ["price"] = price, ["step_size"] = stepSize };

    /// <summary>An RFID token of an eMSP, valid and whitelisted as ALLOWED; its contract id is <c>ES-MS1-C0001</c> style.</summary>
    public static JsonObject Token(OcpiVersion version, SimulatedParty emsp, int number, DateTimeOffset updated)
    {
        var token = Owned(version, emsp);
        var contract = $"{emsp.CountryCode}-{emsp.PartyId}-C{number:0000}";
        token["uid"] = TokenUid(emsp, number);
        token["type"] = "RFID";
        token[version == OcpiVersion.V211 ? "auth_id" : "contract_id"] = contract;
        token["issuer"] = emsp.Name;
        token["valid"] = true;
        token["whitelist"] = "ALLOWED";
        token["last_updated"] = Time(updated);
        return token;
    }

    /// <summary>
    /// A Session of <paramref name="cpo"/> for <paramref name="token"/> (as the CPO got it, in its version) at an EVSE of
    /// <paramref name="location"/>: ACTIVE with no energy yet. 2.1.1 carries the Location with that EVSE only.
    /// </summary>
    public static JsonObject Session(OcpiVersion version, SimulatedParty cpo, string id, JsonObject token, JsonObject location, string evseUid,
        string connectorId, DateTimeOffset start)
    {
        var session = Owned(version, cpo);
        session["id"] = id;
        session[version == OcpiVersion.V211 ? "start_datetime" : "start_date_time"] = Time(start);
        session["kwh"] = 0;
        Charged(version, session, token, location, evseUid, connectorId);
        session["currency"] = "EUR";
        session["status"] = "ACTIVE";
        session["last_updated"] = Time(start);
        return session;
    }

    /// <summary>The CDR of a finished charge of <paramref name="kwh"/> kWh at tariff 1's price.</summary>
    public static JsonObject Cdr(OcpiVersion version, SimulatedParty cpo, string id, JsonObject token, JsonObject location, string evseUid,
        string connectorId, DateTimeOffset start, DateTimeOffset end, decimal kwh)
    {
        var cdr = Owned(version, cpo);
        cdr["id"] = id;
        cdr["start_date_time"] = Time(start);
        cdr[version == OcpiVersion.V211 ? "stop_date_time" : "end_date_time"] = Time(end);
        Charged(version, cdr, token, location, evseUid, connectorId);
        if (version != OcpiVersion.V211)
        {
            cdr.Remove("location_id");
            cdr.Remove("evse_uid");
            cdr.Remove("connector_id");
            cdr["cdr_location"] = CdrLocation(location, evseUid, connectorId);
        }
        cdr["currency"] = "EUR";
        cdr["charging_periods"] = new JsonArray(new JsonObject
        {
            ["start_date_time"] = Time(start),
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = kwh }),
        });
        var cost = Math.Round(kwh * 0.30m, 2);
        cdr["total_cost"] = version switch
        {
            OcpiVersion.V211 => cost,
            OcpiVersion.V221 => new JsonObject { ["excl_vat"] = cost, ["incl_vat"] = Math.Round(cost * 1.21m, 2) },
            _ => new JsonObject
            {
                ["before_taxes"] = cost,
                ["taxes"] = new JsonArray(new JsonObject { ["name"] = "IVA", ["percentage"] = 21, ["amount"] = Math.Round(cost * 0.21m, 2) }),
            },
        };
        cdr["total_energy"] = kwh;
        cdr["total_time"] = Math.Round((decimal)(end - start).TotalHours, 4);
        cdr["last_updated"] = Time(end);
        return cdr;
    }

    /// <summary>OCPI's DateTime form (UTC, seconds).</summary>
    public static string Time(DateTimeOffset time) => OcpiDateTimeConverter.Format(time);

    // Who was charged where: 2.2.1+ name the token and the EVSE; 2.1.1 the contract (auth_id) and the whole Location.
    private static void Charged(OcpiVersion version, JsonObject charge, JsonObject token, JsonObject location, string evseUid, string connectorId)
    {
        if (version == OcpiVersion.V211)
        {
            charge["auth_id"] = (string?)token["auth_id"];
            charge["auth_method"] = "WHITELIST";
            var only = location.DeepClone().AsObject();
            only["evses"] = new JsonArray([.. location["evses"]!.AsArray().Where(e => (string?)e!["uid"] == evseUid).Select(e => e!.DeepClone())]);
            charge["location"] = only;
            return;
        }
        charge["cdr_token"] = new JsonObject
        {
            ["country_code"] = (string?)token["country_code"], ["party_id"] = (string?)token["party_id"], ["uid"] = (string?)token["uid"],
            ["type"] = (string?)token["type"] ?? "RFID", ["contract_id"] = (string?)token["contract_id"],
        };
        charge["auth_method"] = "WHITELIST";
        charge["location_id"] = (string?)location["id"];
        charge["evse_uid"] = evseUid;
        charge["connector_id"] = connectorId;
    }

    private static JsonObject CdrLocation(JsonObject location, string evseUid, string connectorId)
    {
        var evse = location["evses"]!.AsArray().First(e => (string?)e!["uid"] == evseUid)!;
        var connector = evse["connectors"]!.AsArray().First(c => (string?)c!["id"] == connectorId)!;
        var cdrLocation = new JsonObject { ["id"] = (string?)location["id"] };
        foreach (var field in (string[])["name", "address", "city", "postal_code", "country"])
            cdrLocation[field] = location[field]?.DeepClone();
        cdrLocation["coordinates"] = location["coordinates"]!.DeepClone();
        cdrLocation["evse_uid"] = evseUid;
        cdrLocation["evse_id"] = (string?)evse["evse_id"];
        cdrLocation["connector_id"] = connectorId;
        cdrLocation["connector_standard"] = (string?)connector["standard"];
        cdrLocation["connector_format"] = (string?)connector["format"];
        cdrLocation["connector_power_type"] = (string?)connector["power_type"];
        return cdrLocation;
    }

    // 2.2.1+ objects name their owner; 2.1.1 ones do not (the URL does).
    private static JsonObject Owned(OcpiVersion version, SimulatedParty owner) => version == OcpiVersion.V211
        ? []
        : new JsonObject { ["country_code"] = owner.CountryCode, ["party_id"] = owner.PartyId };
}
