using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// Command bodies as an eMSP of each version writes them, for a CPO of <see cref="CommandNetwork"/>: its Location and
/// EVSE, the Session of that CPO and eMSP, and a reservation id unique to the pair (numeric, so 2.1.1 can carry it).
/// </summary>
public static class CommandJson
{
    public static string Body(string command, OcpiVersion version, string responseUrl, SimulatedPartner emsp, SimulatedPartner cpo, string? locationId = null,
        string? tokenOwner = null)
    {
        var location = locationId ?? LocationOf(cpo);
        var owner = tokenOwner ?? Key(emsp).ToString();
        var token = TokenJson.Token(version, owner.Split('*')[0], owner.Split('*')[1], "U1");
        var reservation = ReservationId(emsp, cpo);
        return command switch
        {
            "START_SESSION" => $$"""{"response_url":"{{responseUrl}}","token":{{token}},"location_id":"{{location}}","evse_uid":"{{location}}-E1"}""",
            "STOP_SESSION" => $$"""{"response_url":"{{responseUrl}}","session_id":"{{SessionOf(cpo, emsp)}}"}""",
            "RESERVE_NOW" => $$"""
                {"response_url":"{{responseUrl}}","token":{{token}},"expiry_date":"2026-12-31T00:00:00Z",
                 "reservation_id":{{(version == OcpiVersion.V211 ? reservation : $"\"{reservation}\"")}},"location_id":"{{location}}","evse_uid":"{{location}}-E1"}
                """,
            "CANCEL_RESERVATION" => $$"""{"response_url":"{{responseUrl}}","reservation_id":"{{reservation}}"}""",
            "UNLOCK_CONNECTOR" => $$"""{"response_url":"{{responseUrl}}","location_id":"{{location}}","evse_uid":"{{location}}-E1","connector_id":"1"}""",
            _ => throw new ArgumentException(command),
        };
    }

    private static string ReservationId(SimulatedPartner emsp, SimulatedPartner cpo) =>
        $"{Key(cpo).PartyId[1..]}{Key(emsp).PartyId[1..]}";
}
