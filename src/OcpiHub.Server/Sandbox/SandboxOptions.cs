using OcpiHub.Protocol;

namespace OcpiHub.Server.Sandbox;

/// <summary>
/// Simulated partners the hub runs on loopback for partners under test and for the demo (<c>Hub:Sandbox:*</c>): a CPO
/// and an eMSP in each version, under the party ids given here (<c>CC*PID</c>).
/// </summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; }

    public string Cpo211 { get; set; } = "ES*CP1";
    public string Emsp211 { get; set; } = "ES*MS1";
    public string Cpo221 { get; set; } = "ES*CP2";
    public string Emsp221 { get; set; } = "ES*MS2";
    public string Cpo230 { get; set; } = "ES*CP3";
    public string Emsp230 { get; set; } = "ES*MS3";

    /// <summary>Locations each sandbox CPO owns (each with <see cref="EvsesPerLocation"/> EVSEs of two connectors).</summary>
    public int LocationsPerCpo { get; set; } = 3;

    public int EvsesPerLocation { get; set; } = 2;

    /// <summary>RFID tokens each sandbox eMSP owns (and authorizes).</summary>
    public int TokensPerEmsp { get; set; } = 5;

    /// <summary>How long a sandbox CPO's charge point takes to post a command's result.</summary>
    public double CommandResultDelaySeconds { get; set; } = 1;

    /// <summary>The time between two reports of a sandbox charge (EVSE status, Session PUT, PATCHes, CDR).</summary>
    public double ChargeStepSeconds { get; set; } = 1;

    /// <summary>The six sandbox parties: (version, role, party) with the ids configured.</summary>
    public IReadOnlyList<(OcpiVersion Version, string Role, string Party)> Parties =>
    [
        (OcpiVersion.V211, "CPO", Cpo211), (OcpiVersion.V211, "EMSP", Emsp211),
        (OcpiVersion.V221, "CPO", Cpo221), (OcpiVersion.V221, "EMSP", Emsp221),
        (OcpiVersion.V230, "CPO", Cpo230), (OcpiVersion.V230, "EMSP", Emsp230),
    ];
}
