using System.CommandLine;
using Spectre.Console;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Cli;

/// <summary>
/// What a management command runs with: where it writes, how it reaches the hub's admin API (from its <c>--hub</c> and
/// <c>--admin-key</c> options and the hub's settings, or a test's client), and the hub's settings given on the line as
/// <c>--Hub:Key=value</c>, taken out before the parser sees the rest.
/// </summary>
public sealed class CliSession(IAnsiConsole output, TextWriter error, IReadOnlyList<string> settings, Func<CliSession, ParseResult, Func<AdminApiClient, Task<int>>, Task<int>> withClient)
{
    // Each command gets its own instances (a symbol keeps its parents): the client reads them back by name.
    private static Option<string> HubUrl() => new("--hub")
    {
        Description = "the hub's address (default: Hub:Listen, http://127.0.0.1:5080)", HelpName = "URL",
    };

    private static Option<string> AdminKey() => new("--admin-key")
    {
        Description = "the admin API key (default: OCPIHUB_ADMIN_KEY, Hub:AdminKey, or a plain AdminKey of Hub:SecretsFile; "
            + "the hub keeps its own key hashed, so the key printed at first start is given here)",
        HelpName = "KEY",
    };

    public IAnsiConsole Output => output;

    /// <summary>The process's session: standard output and error, a client made from the command line and the hub's settings.</summary>
    public static CliSession Process(IReadOnlyList<string> settings) => new(CliConsole.StandardOutput(), Console.Error, settings, async (session, parse, run) =>
    {
        using var client = session.ClientFor(parse);
        return await run(client);
    });

    /// <summary>The hub's settings (<c>--Hub:Key=value</c> or <c>--Hub:Key value</c>) out of a line, and the others.</summary>
    public static (string[] Settings, string[] Others) Split(IReadOnlyList<string> args)
    {
        var (settings, rest) = (new List<string>(), new List<string>());
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--Hub:", StringComparison.OrdinalIgnoreCase))
            {
                rest.Add(args[i]);
                continue;
            }
            settings.Add(args[i]);
            if (!args[i].Contains('=') && i + 1 < args.Count)
                settings.Add(args[++i]);
        }
        return ([.. settings], [.. rest]);
    }

    /// <summary>A command that calls the hub: <paramref name="run"/> gets the client and the parsed line; exit code 0 when it is done.</summary>
    public Command Calling(string name, string description, Symbol[] symbols, Func<ParseResult, AdminApiClient, Task> run) =>
        Calling(name, description, symbols, async (parse, client) =>
        {
            await run(parse, client);
            return 0;
        });

    /// <summary>A command that calls the hub and says its exit code.</summary>
    public Command Calling(string name, string description, Symbol[] symbols, Func<ParseResult, AdminApiClient, Task<int>> run) =>
        Runs(name, description, [.. symbols, HubUrl(), AdminKey()], parse => withClient(this, parse, client => run(parse, client)));

    /// <summary>
    /// A command of this session that works on the hub's files (it takes <c>--hub</c> and <c>--admin-key</c> too, unused,
    /// so every command takes them); a <see cref="CliException"/> is its message on standard error and exit code 1.
    /// </summary>
    public Command Local(string name, string description, Func<ParseResult, Task<int>> run) =>
        Runs(name, description, [HubUrl(), AdminKey()], run);

    private Command Runs(string name, string description, Symbol[] symbols, Func<ParseResult, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Option option)
                command.Add(option);
            else
                command.Add((Argument)symbol);
        }
        command.SetAction(async (parse, _) =>
        {
            try
            {
                return await run(parse);
            }
            catch (Exception e) when (e is CliException or HubConfigurationException)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>The hub's settings as the CLI sees them: appsettings.json, OCPIHUB_ variables, then <c>--Hub:…</c> tokens.</summary>
    public HubOptions HubOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("OCPIHUB_")
            .AddCommandLine([.. settings])
            .Build();
        return configuration.GetSection("Hub").Get<HubOptions>() ?? new HubOptions();
    }

    private AdminApiClient ClientFor(ParseResult parse)
    {
        var options = HubOptions();
        // The hub keeps its own key hashed: the CLI is given the key, or finds it configured.
        var key = parse.GetValue<string>("--admin-key") ?? Environment.GetEnvironmentVariable("OCPIHUB_ADMIN_KEY")
            ?? (string.IsNullOrWhiteSpace(options.AdminKey) ? null : options.AdminKey)
            ?? SecretsFile.Read(options.SecretsFile).AdminKey;
        return new AdminApiClient(parse.GetValue<string>("--hub") ?? options.Listen, key);
    }
}
