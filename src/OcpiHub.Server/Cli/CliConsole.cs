using Spectre.Console;

namespace OcpiHub.Server.Cli;

/// <summary>
/// Where the CLI writes: a terminal gets colours and live displays; anything else (a file, a pipe, a test's
/// writer) plain text, with live displays degraded to one line per change and tables never wrapped.
/// </summary>
public static class CliConsole
{
    private const int PlainWidth = 1000;

    /// <summary>The process's standard output: live when it is a terminal.</summary>
    public static IAnsiConsole StandardOutput() =>
        Console.IsOutputRedirected ? Plain(Console.Out) : AnsiConsole.Console;

    /// <summary>Plain text to <paramref name="output"/>.</summary>
    public static IAnsiConsole Plain(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = PlainWidth;
        console.Profile.Capabilities.Unicode = false;
        return console;
    }

    /// <summary>Whether <paramref name="console"/> can redraw in place (a live display) rather than only append lines.</summary>
    public static bool IsLive(IAnsiConsole console) => console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
}
