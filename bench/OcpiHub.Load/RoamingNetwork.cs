using System.Collections.Concurrent;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// The partners of S5: 20 CPOs (NL*C01 to NL*C20) and 20 eMSPs (DE*M01 to DE*M20) speaking 2.1.1, 2.2.1 and 2.3.0
/// in turn, each connected through the credentials handshake, every CPO agreed with every eMSP. Each eMSP pushes
/// its Tokens and answers their authorizations; each CPO pushes its Locations. Every push is owed to its receivers
/// in the <see cref="DeliveryLedger"/>, which also notes what each eMSP receives.
/// </summary>
public sealed class RoamingNetwork : IAsyncDisposable
{
    public const int PartnersPerRole = 20;
    public const int LocationsPerCpo = 50;
    public const int EvsesPerLocation = 4;
    public const int TokensPerEmsp = 50;

    private static readonly OcpiVersion[] Versions = [OcpiVersion.V211, OcpiVersion.V221, OcpiVersion.V230];

    private RoamingNetwork(IReadOnlyList<Cpo> cpos, IReadOnlyList<Emsp> emsps) => (Cpos, Emsps) = (cpos, emsps);

    public IReadOnlyList<Cpo> Cpos { get; }
    public IReadOnlyList<Emsp> Emsps { get; }

    /// <summary>Every eMSP (all are agreed with every CPO): the receivers of a Location change.</summary>
    public IEnumerable<string> AllEmsps => Emsps.Select(e => e.Key);

    public static async Task<RoamingNetwork> StartAsync(HubAdmin hub, DeliveryLedger ledger)
    {
        var emsps = new List<Emsp>();
        var cpos = new List<Cpo>();
        var network = new RoamingNetwork(cpos, emsps);
        try
        {
            for (var i = 0; i < PartnersPerRole; i++)
            {
                var emsp = await StartAsync(hub, new SimulatedParty("DE", $"M{i + 1:00}", "EMSP", $"eMSP {i + 1}"), Versions[i % Versions.Length]);
                emsp.ModuleResponder = ledger.Receiver(Key(emsp));
                emsps.Add(new Emsp(emsp));
                cpos.Add(new Cpo(await StartAsync(hub, new SimulatedParty("NL", $"C{i + 1:00}", "CPO", $"CPO {i + 1}"), Versions[(i + 1) % Versions.Length])));
            }
            foreach (var cpo in cpos)
            {
                foreach (var emsp in emsps)
                    await hub.AgreeAsync(cpo.Party, emsp.Party);
            }
            await Task.WhenAll(emsps.Select(PushTokensAsync));
            await Task.WhenAll(cpos.Select(cpo => PushLocationsAsync(cpo, ledger, network.AllEmsps)));
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private static async Task<SimulatedPartner> StartAsync(HubAdmin hub, SimulatedParty party, OcpiVersion version) =>
        await hub.StartPartnerAsync(new PartnerOptions
        {
            Version = version,
            Parties = [party],
            Base64Tokens = version != OcpiVersion.V211,
            RequestLogLimit = 16 /* the ledger notes what matters; the log would grow for the whole day */,
            Time = new SteadyClock(),
        });

    private static async Task PushTokensAsync(Emsp emsp)
    {
        for (var number = 1; number <= TokensPerEmsp; number++)
        {
            var token = SampleData.Token(emsp.Version, emsp.Party, number, DateTimeOffset.UtcNow);
            emsp.Partner.Authorizations.Answer((string)token["uid"]!, new AuthorizationAnswer("ALLOWED", AuthorizationReference: $"AUTH{number:0000}"));
            Require(await emsp.Partner.PushAsync("tokens", token));
        }
    }

    private static async Task PushLocationsAsync(Cpo cpo, DeliveryLedger ledger, IEnumerable<string> receivers)
    {
        for (var number = 1; number <= LocationsPerCpo; number++)
        {
            var location = SampleData.Location(cpo.Version, cpo.Party, number, EvsesPerLocation, cpo.Partner.Options.Time.GetUtcNow());
            ledger.Acknowledged(Require(await cpo.Partner.PushAsync("locations", location)), receivers);
            for (var evse = 1; evse <= EvsesPerLocation; evse++)
                cpo.FreeEvses.Enqueue((SampleData.LocationId(cpo.Party, number), SampleData.EvseUid(SampleData.LocationId(cpo.Party, number), evse)));
        }
    }

    private static PostedResult Require(PostedResult push) => push.Accepted
        ? push : throw new InvalidOperationException($"the hub refused {push.Url}: HTTP {push.HttpStatus} {push.Envelope?.ToJsonString()}");

    private static string Key(SimulatedPartner partner) => $"{partner.Options.Parties[0].CountryCode}*{partner.Options.Parties[0].PartyId}";

    public async ValueTask DisposeAsync()
    {
        foreach (var partner in Cpos.Select(c => c.Partner).Concat(Emsps.Select(e => e.Partner)))
            await partner.DisposeAsync();
    }

    public sealed class Emsp(SimulatedPartner partner)
    {
        public SimulatedPartner Partner => partner;
        public SimulatedParty Party => partner.Options.Parties[0];
        public OcpiVersion Version => partner.Options.Version;
        public string Key => RoamingNetwork.Key(partner);
    }

    /// <summary>A CPO and its EVSEs not charging now (a session takes one and gives it back).</summary>
    public sealed class Cpo(SimulatedPartner partner)
    {
        public SimulatedPartner Partner => partner;
        public SimulatedParty Party => partner.Options.Parties[0];
        public OcpiVersion Version => partner.Options.Version;
        public ConcurrentQueue<(string Location, string Evse)> FreeEvses { get; } = new();
    }
}
