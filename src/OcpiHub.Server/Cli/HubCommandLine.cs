using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;
using Spectre.Console;

namespace OcpiHub.Server.Cli;

/// <summary>
/// The one executable (System.CommandLine: generated help, validation, suggestions for typos, tab completion):
/// <c>serve</c> runs the hub; <c>demo</c> runs one with the sandbox and a scripted roaming day; <c>platforms …</c>,
/// <c>agreements …</c>, <c>deliveries …</c>, <c>messages</c> and <c>sync …</c> manage a running hub through its admin
/// API and print readable tables; <c>admin-key rotate</c> issues a new admin key. Exit codes: 0; 1 for a mistake on
/// the line, a refused call or a sync run waited for that did not succeed; 2 for a hub refusing to start on a setting.
/// </summary>
public static class HubCommandLine
{
    /// <summary>The hub's settings, shown in the help of the commands that start a hub.</summary>
    public const string Settings = """
        Settings (after the command, as --Hub:Key=value; or environment variables OCPIHUB_Hub__Listen, …):
          --Hub:Listen=http://0.0.0.0:5080 --Hub:PublicBaseUrl=https://hub.example.com --Hub:CountryCode=NL --Hub:PartyId=HUB
          --Hub:PostgreSql="Host=…;Database=…" (else SQLite in --Hub:DataFolder=data) --Hub:AdminKey=…
          --Hub:MessageRetentionDays=30 (days the message log keeps; 0 = all)
          --Hub:DeliveryRetentionDays=7 --Hub:DeadLetterRetentionDays=30 (days delivered deliveries and dead letters
            are kept; 0 = all)
          --Hub:ReservationRetentionDays=30 (days a reservation's record is kept after it expired or was cancelled; 0 = all)
          --Hub:AllowPrivatePartnerAddresses=false (true: also call partners on loopback and private networks, e.g. on
            this machine)
          --Hub:Sync:FullSchedule="0 1 * * 6" --Hub:Sync:DeltaSchedule="0 1 * * 0-5" (when pulls start, cron in UTC)
          --Hub:Sync:Enabled=true (false: no scheduled pulls) --Hub:Sync:PageTimeoutSeconds=60
          --Hub:Sync:LeaseSeconds=30 (a dead node's run is taken over after it) --Hub:Sync:Concurrency=4 (runs at once)
          --Hub:SecretsFile=secrets.json (token key and admin key every node of a hub shares; docs/operations.md)
          --Hub:Sandbox:Enabled=true (simulated partners of every version to test against; docs/sandbox.md)
          --Logging:LogLevel:Default=Warning (any ASP.NET Core setting)
        """;

    /// <summary>The process's command line.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        // serve and demo pass every token after them to the hub; the other commands read the hub's settings too.
        var (settings, rest) = args is ["serve" or "demo", ..] ? ([], args) : CliSession.Split(args);
        return RunAsync(rest, CliSession.Process(settings), new InvocationConfiguration
        {
            // The hub's host handles Ctrl+C and SIGTERM itself (a graceful stop); the parser must not cut it short.
            ProcessTerminationTimeout = null,
        });
    }

    /// <summary>A management command against <paramref name="client"/>, plain text to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Task<int> RunAsync(string[] args, AdminApiClient client, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliSession(CliConsole.Plain(output), error, [], (_, _, run) => run(client)), new InvocationConfiguration { Output = output, Error = error });

    private static Task<int> RunAsync(string[] args, CliSession session, InvocationConfiguration invocation)
    {
        var root = Root(session);
        // Tokens reach the hub's configuration untouched: no @response files.
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync(invocation);
    }

    public static RootCommand Root(CliSession session)
    {
        var root = new RootCommand("OcpiHub: an OCPI 2.1.1 / 2.2.1 / 2.3.0 roaming hub.");
        var serve = Starting("serve", "run the hub (SQLite in ./data unless Hub:PostgreSql is set); its settings go after it", ServeAsync);
        var demo = Starting("demo", "a hub on a fresh temporary SQLite database with the sandbox on and a scripted roaming day between its partners; "
            + "prints the dashboard's address and admin key and runs until stopped (settings as for serve)", DemoCommand.RunAsync);
        root.Add(serve);
        root.Add(demo);
        foreach (var command in ManagementCommands.Of(session))
            root.Add(command);
        root.Add(SyncCommands.Of(session));
        root.Add(new Command("admin-key", "the admin API key") { RotateAdminKey(session) });
        var helpCommand = new Command("help", "this help") { Hidden = true };
        helpCommand.SetAction(parse => root.Parse(["--help"]).Invoke(parse.InvocationConfiguration));
        root.Add(helpCommand);

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithSettings((HelpAction)help.Action!, [serve, demo]);
        return root;
    }

    /// <summary>The generated help, followed by the hub's settings for the commands that start a hub.</summary>
    private sealed class HelpWithSettings(HelpAction generated, Command[] starting) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exit = generated.Invoke(parseResult);
            if (starting.Contains(parseResult.CommandResult.Command))
                parseResult.InvocationConfiguration.Output.WriteLine(Settings);
            return exit;
        }
    }

    /// <summary>
    /// A command that starts a hub: every token after it is the hub's configuration, passed on untouched. What stops
    /// the hub from starting is said in a line, not a stack trace: a setting (exit code 2), or what the machine refuses,
    /// its database unreachable or its address taken (1).
    /// </summary>
    private static Command Starting(string name, string description, Func<string[], Task<int>> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async parse =>
        {
            try
            {
                return await run([.. parse.UnmatchedTokens]);
            }
            catch (Exception e) when (e is HubConfigurationException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                Console.Error.WriteLine($"cannot start: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                Console.Error.WriteLine($"cannot start: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> ServeAsync(string[] settings)
    {
        await using var app = await HubApplication.BuildAsync(settings);
        // The hosted workers start in this flow: their log lines carry the node's scope too.
        using (app.Logger.BeginNodeScope(app.Services.GetRequiredService<HubNode>()))
            await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// <c>admin-key rotate</c>: run where the hub's files are (its data folder, or its secrets file), with its
    /// settings; the new key is printed once, and the hub takes it at its next admin call.
    /// </summary>
    private static Command RotateAdminKey(CliSession session) => session.Local("rotate",
        "issue a new admin API key (printed once; the old one stops working at the hub's next call). Run it with the hub's "
        + "settings (--Hub:DataFolder=…, or --Hub:SecretsFile=… shared by the nodes): the key is kept hashed there",
        parse =>
        {
            var key = AdminKeyStore.Rotate(session.HubOptions());
            session.Output.WriteLine($"New admin API key (shown this once; the old one no longer works): {key}");
            return Task.FromResult(0);
        });
}
