using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Cli;

/// <summary>
/// The real executable's command line: the generated help lists every command and its subcommands; a mistyped
/// command gets the one meant as a suggestion and a non-zero exit code, and so does a mistyped option.
/// </summary>
public sealed class CliHelpTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_a_mistyped_command_gets_a_suggestion_and_fails()
    {
        var help = await CliProcess.RunAsync("--help");
        Assert.True(help.ExitCode == 0, help.Error);
        Assert.All(["serve", "demo", "platforms", "agreements", "deliveries", "messages", "objects", "sync", "admin-key"],
            command => Assert.Contains(Lines(help.Output), l => l.StartsWith(command + " ", StringComparison.Ordinal)));

        var platforms = await CliProcess.RunAsync("platforms", "--help");
        Assert.Equal(0, platforms.ExitCode);
        Assert.All(["register", "connect", "list", "show", "set", "remove"],
            command => Assert.Contains(Lines(platforms.Output), l => l.StartsWith(command, StringComparison.Ordinal)));

        var mistyped = await CliProcess.RunAsync("platfroms", "list");
        Assert.NotEqual(0, mistyped.ExitCode);
        Assert.Contains("'platfroms'", mistyped.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean", mistyped.Output + mistyped.Error, StringComparison.Ordinal);
        Assert.Contains("platforms", Lines(mistyped.Output + mistyped.Error));

        var unknownOption = await CliProcess.RunAsync("platforms", "list", "--hbu", "http://127.0.0.1:1");
        Assert.NotEqual(0, unknownOption.ExitCode);
        Assert.Contains("'--hbu'", unknownOption.Error, StringComparison.Ordinal);
        Assert.Contains("--hub", Lines(unknownOption.Output + unknownOption.Error));
    }

    private static List<string> Lines(string output) => output.Split('\n').Select(l => l.Trim()).ToList();
}
