using System.Text.Json.Nodes;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Cli;

/// <summary>
/// The one executable: <c>serve</c> runs the hub; <c>demo</c> runs one with the sandbox and a scripted roaming day; <c>platforms …</c>, <c>agreements …</c>, <c>deliveries …</c>,
/// <c>messages</c> and <c>sync …</c> manage a running hub through its admin API and print readable tables.
/// </summary>
public static class HubCommandLine
{
    public const string Help = """
        OcpiHub: an OCPI 2.1.1 / 2.2.1 / 2.3.0 roaming hub.

        Usage: ocpihub <command> [options]

          serve                         run the hub (SQLite in ./data unless Hub:PostgreSql is set);
                                        configuration options go after it, e.g. --Hub:Listen=http://0.0.0.0:5080
                                        --Hub:PublicBaseUrl=https://hub.example.com --Hub:CountryCode=NL --Hub:PartyId=HUB
                                        --Hub:PostgreSql="Host=…;Database=…" --Hub:DataFolder=data --Hub:AdminKey=…
                                        --Hub:MessageRetentionDays=30 (days the message log keeps; 0 = all)
                                        --Hub:DeliveryRetentionDays=7 --Hub:DeadLetterRetentionDays=30 (days
                                        delivered deliveries and dead letters are kept; 0 = all)
                                        --Hub:AllowPrivatePartnerAddresses=false (true: also call partners on
                                        loopback and private networks, e.g. on this machine)
                                        --Hub:Sync:FullSchedule="0 1 * * 6" --Hub:Sync:DeltaSchedule="0 1 * * 0-5"
                                        (when pulls start, cron in UTC) --Hub:Sync:Enabled=true (false: no
                                        scheduled pulls) --Hub:Sync:PageTimeoutSeconds=60
                                        --Hub:Sync:LeaseSeconds=30 (a dead node's run is taken over after it)
                                        --Hub:SecretsFile=secrets.json (token key and admin key every node of
                                        a hub shares; docs/operations.md)
                                        (or environment variables OCPIHUB_Hub__Listen, …)
                                        --Hub:Sandbox:Enabled=true (simulated partners of every version to test
                                        against; docs/sandbox.md)

          demo                          a hub on a fresh temporary SQLite database with the sandbox on and a
                                        scripted roaming day between its partners; prints the dashboard's address
                                        and admin key and runs until stopped (settings as for serve)

          platforms register --name N [--role CPO|EMSP --country CC --party PID]
                                        issue a token A for a partner that will connect to the hub
                                        (role, country and party are needed when the partner speaks 2.1.1)
          platforms connect --name N --versions-url URL --token-a TOKEN [--role R --country CC --party PID]
                                        connect the hub to a partner that gave it a versions URL and token A
          platforms list                the platforms, their status, version and parties
          platforms show ID             one platform with its settings
          platforms set ID key=value…   change name or settings (outbound_token_base64, pull_limit,
                                        total_count_header, v211_owner_identity_in_urls, v211_rewrite_owner_names, push,
                                        pull)
          platforms remove ID           forget a platform and its tokens

          agreements add --cpo NL*ABC --emsp DE*XYZ   make a roaming agreement
          agreements list                             the agreements
          agreements suspend ID                       suspend one
          agreements remove ID                        end one

          deliveries list [--status pending|failed|dead]   the delivery queue
          deliveries retry ID                              send a failed or dead delivery again
          messages [--correlation-id ID] [--platform ID] [--from TIME] [--to TIME] [--limit N]
                                        the message log, newest first (TIME as 2025-01-31T12:00:00Z; limit
                                        100 by default, at most 1000): follow one correlation id through the hub

          sync start --platform ID [--module M] [--full] [--wait]
                                        pull a platform now: every module it sends, or M (locations, tariffs,
                                        sessions, cdrs, tokens); a delta run unless --full (a module never pulled
                                        is pulled in full). --wait follows the runs until they end (pages,
                                        objects, changed, invalid per module; live on a terminal, plain lines
                                        otherwise) and exits 1 unless all succeeded
          sync list [--platform ID]     the sync runs, newest first
          sync show ID                  one run with the objects it skipped and why

          admin-key rotate              issue a new admin API key (printed once; the old one stops working at the
                                        hub's next call). Run it with the hub's settings (--Hub:DataFolder=…, or
                                        --Hub:SecretsFile=… shared by the nodes): the key is kept hashed there

        Options of the management commands:
          --hub URL          the hub's address (default: Hub:Listen, http://127.0.0.1:5080)
          --admin-key KEY    the admin API key (default: OCPIHUB_ADMIN_KEY, Hub:AdminKey, or a plain AdminKey of Hub:SecretsFile;
                             the hub keeps its own key hashed, so the key printed at first start is given here)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            Console.WriteLine(Help);
            return args.Length == 0 ? 1 : 0;
        }
        if (args[0] == "serve")
        {
            WebApplication app;
            try
            {
                app = await HubApplication.BuildAsync(args[1..]);
            }
            catch (HubConfigurationException e)
            {
                Console.Error.WriteLine($"cannot start: {e.Message}");
                return 2;
            }
            try
            {
                // The hosted workers start in this flow: their log lines carry the node's scope too.
                using (app.Logger.BeginNodeScope(app.Services.GetRequiredService<HubNode>()))
                    await app.RunAsync();
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                Console.Error.WriteLine($"cannot start: {e.Message}");
                return 2;
            }
            return 0;
        }
        if (args[0] == "demo")
            return await DemoCommand.RunAsync(args[1..]);
        var cli = new CliArguments(args);
        if (cli.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        try
        {
            if (cli.Word(0) == "admin-key")
                return RotateAdminKey(cli);
            using var client = ClientFor(cli);
            return await ManagementCommands.RunAsync(cli, client, CliConsole.StandardOutput());
        }
        catch (Exception e) when (e is CliException or HubConfigurationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>
    /// <c>admin-key rotate</c>: run where the hub's files are (its data folder, or its secrets file), with its
    /// settings; the new key is printed once, and the hub takes it at its next admin call.
    /// </summary>
    private static int RotateAdminKey(CliArguments cli)
    {
        if (cli.Word(1) != "rotate")
            throw new CliException("usage: ocpihub admin-key rotate [--Hub:DataFolder=…] [--Hub:SecretsFile=…]");
        var key = AdminKeyStore.Rotate(OptionsOf(cli));
        Console.WriteLine($"New admin API key (shown this once; the old one no longer works): {key}");
        return 0;
    }

    private static AdminApiClient ClientFor(CliArguments cli)
    {
        var options = OptionsOf(cli);
        // The hub keeps its own key hashed: the CLI is given the key, or finds it configured.
        var key = cli["admin-key"] ?? Environment.GetEnvironmentVariable("OCPIHUB_ADMIN_KEY")
            ?? (string.IsNullOrWhiteSpace(options.AdminKey) ? null : options.AdminKey)
            ?? SecretsFile.Read(options.SecretsFile).AdminKey;
        return new AdminApiClient(cli["hub"] ?? options.Listen, key);
    }

    /// <summary>The hub's settings as the CLI sees them: appsettings.json, OCPIHUB_ variables, then <c>--Hub:…</c> options.</summary>
    private static HubOptions OptionsOf(CliArguments cli)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("OCPIHUB_")
            .AddInMemoryCollection(cli.Settings)
            .Build();
        return configuration.GetSection("Hub").Get<HubOptions>() ?? new HubOptions();
    }
}
