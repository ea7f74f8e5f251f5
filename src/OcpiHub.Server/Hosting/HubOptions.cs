using OcpiHub.Core.Sync;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The hub's configuration (section <c>Hub</c> of appsettings.json; environment variables such as
/// <c>OCPIHUB_Hub__PublicBaseUrl</c> or <c>Hub__PublicBaseUrl</c> override it).
/// </summary>
public sealed class HubOptions
{
    /// <summary>Address Kestrel listens on.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:5080";

    /// <summary>URL partners reach the hub at (behind a proxy it differs from Listen); empty = Listen.</summary>
    public string PublicBaseUrl { get; set; } = "";

    public string CountryCode { get; set; } = "DE";
    public string PartyId { get; set; } = "HUB";
    public string Name { get; set; } = "OcpiHub";

    /// <summary>This node's name among the hub nodes sharing one database (on its leases and in its logs); empty = host name and process id.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Folder of the SQLite database and of the generated keys.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>A PostgreSQL connection string; empty = the embedded SQLite database.</summary>
    public string PostgreSql { get; set; } = "";

    /// <summary>
    /// Memory for objects kept in their readers' wire forms (<see cref="Data.WireForms"/>), in megabytes: about
    /// 2 KB per Location and reader version. The least recently used are dropped beyond it.
    /// </summary>
    public int WireFormsMegabytes { get; set; } = 512;

    /// <summary>The admin API key; empty = the secrets file's, else generated at first start, saved in the data folder and printed once.</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>The shortest <see cref="AdminKey"/> the hub starts with: a key that opens the admin API must not be guessable.</summary>
    public const int MinAdminKeyLength = 16;

    /// <summary>
    /// A JSON file of the hub's secrets every node reads (<see cref="SecretsFile"/>); empty = none. Several nodes on
    /// one database need the same token key: this file, or <see cref="TokenKey"/>, gives it to them.
    /// </summary>
    public string SecretsFile { get; set; } = "";

    /// <summary>The key that seals partner tokens at rest, Base64 of 32 bytes; empty = the secrets file's, else the data folder's token.key (generated once).</summary>
    public string TokenKey { get; set; } = "";

    /// <summary>Keys <see cref="TokenKey"/> replaced: tokens sealed under them are still opened, and sealed again under the new key at start.</summary>
    public string[] PreviousTokenKeys { get; set; } = [];

    /// <summary>After this long without a message from a platform, the hub probes its versions endpoint.</summary>
    public double ProbeAfterMinutes { get; set; } = 5;

    /// <summary>How long the hub retries a delivery before it dead-letters it.</summary>
    public double DeliveryRetryHours { get; set; } = 24;

    public TimeSpan DeliveryRetryWindow => TimeSpan.FromHours(DeliveryRetryHours);

    /// <summary>The first retry waits this long; each next one twice as long, up to ten minutes.</summary>
    public double DeliveryBackoffSeconds { get; set; } = 1;

    /// <summary>
    /// How long a node's claim on a delivery lasts unless it renews it (it does, every third of it, while it sends):
    /// how soon the deliveries of a node that died are taken over by another.
    /// </summary>
    public double DeliveryLeaseSeconds { get; set; } = 30;

    public TimeSpan DeliveryLease => TimeSpan.FromSeconds(DeliveryLeaseSeconds);

    /// <summary>Deliveries of different objects sent to one receiver at once (each object's changes still go one by one, in order).</summary>
    public int DeliveryConcurrencyPerReceiver { get; set; } = 4;

    /// <summary>
    /// A receiver whose oldest pending change of an object has waited this long is behind: its pending changes of the
    /// object go as one, the object's latest full state, not one after another (not CDRs, nor changes up to a DELETE).
    /// At most a day.
    /// </summary>
    public double DeliveryCollapseAfterSeconds { get; set; } = 30;

    public TimeSpan DeliveryCollapseAfter => TimeSpan.FromSeconds(DeliveryCollapseAfterSeconds);

    /// <summary>These options, once the delivery settings are known usable; an <see cref="ArgumentException"/> names the one that is not.</summary>
    public HubOptions CheckDeliverySettings()
    {
        if (!(DeliveryLeaseSeconds >= 1))
            throw new ArgumentException($"Hub:DeliveryLeaseSeconds must be at least 1, not {DeliveryLeaseSeconds}");
        if (!(DeliveryCollapseAfterSeconds is >= 0 and <= 86_400))
            throw new ArgumentException($"Hub:DeliveryCollapseAfterSeconds must be 0 to 86400 (a day), not {DeliveryCollapseAfterSeconds}");
        if (DeliveryConcurrencyPerReceiver is < 1 or > PartnerConnections.MaxPerServer)
            throw new ArgumentException($"Hub:DeliveryConcurrencyPerReceiver must be 1 to {PartnerConnections.MaxPerServer}, not {DeliveryConcurrencyPerReceiver}");
        return this;
    }

    /// <summary>A new agreement sends the eMSP the CPO's stored Locations and Tariffs, and the CPO the eMSP's Tokens.</summary>
    public bool BackfillOnAgreement { get; set; } = true;

    /// <summary>Days the message log keeps an entry; 0 keeps them all.</summary>
    public int MessageRetentionDays { get; set; } = 30;

    /// <summary>Pulling from platforms (<c>Hub:Sync:*</c>): the schedule and the page budget.</summary>
    public SyncOptions Sync { get; set; } = new();

    /// <summary>Forwarded commands' results (<c>Hub:Commands:*</c>).</summary>
    public CommandOptions Commands { get; set; } = new();

    /// <summary>Requests forwarded in real time (<c>Hub:Forwarding:*</c>).</summary>
    public ForwardingOptions Forwarding { get; set; } = new();

    /// <summary>Real-time authorization (<c>Hub:Authorization:*</c>).</summary>
    public AuthorizationOptions Authorization { get; set; } = new();

    // Partner addresses and retention (docs/operations.md).

    /// <summary>
    /// The hub also calls partners on loopback and private networks (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10,
    /// ::1, fc00::/7). Off by default: a partner's URL must not make the hub call services beside it. Metadata,
    /// link-local and unspecified addresses are never called.
    /// </summary>
    public bool AllowPrivatePartnerAddresses { get; set; }

    /// <summary>Days a delivered delivery (its row and payload) is kept after it was delivered; 0 keeps them all.</summary>
    public double DeliveryRetentionDays { get; set; } = 7;

    /// <summary>Days a dead letter is kept (to be looked at and re-driven) after it was given up; 0 keeps them all.</summary>
    public double DeadLetterRetentionDays { get; set; } = 30;

    /// <summary>
    /// Days the record of a reservation made through the hub (and its number at a 2.1.1 CPO) is kept after it ended:
    /// expired, or cancelled with the CPO's ACCEPTED; 0 keeps them all.
    /// </summary>
    public double ReservationRetentionDays { get; set; } = 30;

    /// <summary>Simulated partners run by the hub itself (<c>Hub:Sandbox:*</c>, <c>docs/sandbox.md</c>).</summary>
    public Sandbox.SandboxOptions Sandbox { get; set; } = new();

    // Limits (docs/operations.md, "Limits"): what one request or one platform may take of the hub.

    /// <summary>Requests per platform on /ocpi (<c>Hub:RateLimit:*</c>); a platform's own settings may replace them.</summary>
    public Limits.RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The largest request body the hub reads; a larger one is answered 413. A page of 1,000 Locations fits several times over.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The largest answer the hub reads from a partner (a page, a command's answer); a larger one fails the call, as a partner that does not answer does.</summary>
    public long MaxPartnerAnswerBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>What <see cref="MaxPartnerAnswerBytes"/> may be at most: an answer is read into one array.</summary>
    public const long LargestPartnerAnswerBytes = 1024 * 1024 * 1024;

    public string BaseUrl => (string.IsNullOrWhiteSpace(PublicBaseUrl) ? Listen : PublicBaseUrl).TrimEnd('/');

    // Operations (docs/operations.md): health, metrics, traces, logs.

    /// <summary>When the node is ready (<c>Hub:Health:*</c>).</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>Metrics, traces and logs (<c>Hub:Telemetry:*</c>).</summary>
    public TelemetryOptions Telemetry { get; set; } = new();
}

/// <summary>How long the hub waits for a command's result.</summary>
public sealed class CommandOptions
{
    /// <summary>Added to the timeout the CPO names before the hub sends the eMSP TIMEOUT itself (the result may be on its way).</summary>
    public double ResultMarginSeconds { get; set; } = 10;

    /// <summary>How often the hub looks for overdue results.</summary>
    public double TimeoutPollSeconds { get; set; } = 1;
}

/// <summary>
/// The time budget of a request the hub forwards: the receiver must have answered within it, or the caller gets
/// the hub's 4002 (timed out). Seconds; fractions allowed.
/// </summary>
public sealed class ForwardingOptions
{
    /// <summary>A real-time authorization: the market expects an answer to a driver at the charger within about 3 s.</summary>
    public double AuthorizationTimeoutSeconds { get; set; } = 3;

    /// <summary>A command or charging-profile request (the synchronous answer only; the result comes later).</summary>
    public double CommandTimeoutSeconds { get; set; } = 10;
}

/// <summary>How the hub routes real-time authorizations.</summary>
public sealed class AuthorizationOptions
{
    /// <summary>
    /// A token no agreed eMSP is known to own is asked of every eMSP agreed with the CPO, at once; the first
    /// <c>ALLOWED</c> answer wins. Off: the CPO is answered "unknown token" (2004) and no eMSP is asked.
    /// </summary>
    public bool BroadcastUnknownTokens { get; set; }
}
