using System.CommandLine;
using Spectre.Console;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Cli;

/// <summary>
/// What a management command runs with: where it writes, how it reaches the hub's admin API (from its <c>--hub</c> and
/// <c>--admin-key</c> options and the hub's settings, or a test's client), and the hub's settings given as
/// <c>--Hub:Key=value</c> (the only tokens a command takes beyond its own options and arguments).
/// </summary>
public sealed class CliSession(IAnsiConsole output, TextWriter error, Func<ParseResult, Func<AdminApiClient, Task<int>>, Task<int>> withClient)
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
    public static CliSession Process() => new(CliConsole.StandardOutput(), Console.Error, async (parse, run) =>
    {
        using var client = ClientFor(parse);
        return await run(client);
    });

    /// <summary>A command that calls the hub: <paramref name="run"/> gets the client and the parsed line; exit code 0 when it is done.</summary>
    public Command Calling(string name, string description, Symbol[] symbols, Func<ParseResult, AdminApiClient, Task> run) =>
        Calling(name, description, symbols, async (parse, client) =>
        {
            await run(parse, client);
            return 0;
        });

    /// <summary>A command that calls the hub and says its exit code.</summary>
    public Command Calling(string name, string description, Symbol[] symbols, Func<ParseResult, AdminApiClient, Task<int>> run) =>
        Runs(name, description, [.. symbols, HubUrl(), AdminKey()], parse => withClient(parse, client => run(parse, client)));

    /// <summary>
    /// A command of this session that works on the hub's files (it takes <c>--hub</c> and <c>--admin-key</c> too, unused,
    /// so every command takes them); a <see cref="CliException"/> is its message on standard error and exit code 1.
    /// </summary>
    public Command Local(string name, string description, Func<ParseResult, Task<int>> run) =>
        Runs(name, description, [HubUrl(), AdminKey()], run);

    private Command Runs(string name, string description, Symbol[] symbols, Func<ParseResult, Task<int>> run)
    {
        // The hub's settings are not options of ours: they reach the action as unmatched tokens and are checked there.
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
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
                Settings(parse);
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

    /// <summary>The <c>--Hub:Key=value</c> (or <c>--Hub:Key value</c>) tokens of the line; any other unmatched token is a mistake.</summary>
    public static IReadOnlyList<string> Settings(ParseResult parse)
    {
        var tokens = parse.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].StartsWith("--Hub:", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"unrecognized argument '{tokens[i]}'; see {CommandPath(parse)} --help");
            if (!tokens[i].Contains('=') && i + 1 < tokens.Count)
                i++;
        }
        return tokens;
    }

    /// <summary>The words naming the command run, as <c>ocpihub platforms list</c>.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The hub's settings as the CLI sees them: appsettings.json, OCPIHUB_ variables, then <c>--Hub:…</c> tokens.</summary>
    public static HubOptions OptionsOf(ParseResult parse)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("OCPIHUB_")
            .AddCommandLine([.. Settings(parse)])
            .Build();
        return configuration.GetSection("Hub").Get<HubOptions>() ?? new HubOptions();
    }

    private static AdminApiClient ClientFor(ParseResult parse)
    {
        var options = OptionsOf(parse);
        // The hub keeps its own key hashed: the CLI is given the key, or finds it configured.
        var key = parse.GetValue<string>("--admin-key") ?? Environment.GetEnvironmentVariable("OCPIHUB_ADMIN_KEY")
            ?? (string.IsNullOrWhiteSpace(options.AdminKey) ? null : options.AdminKey)
            ?? SecretsFile.Read(options.SecretsFile).AdminKey;
        return new AdminApiClient(parse.GetValue<string>("--hub") ?? options.Listen, key);
    }
}
