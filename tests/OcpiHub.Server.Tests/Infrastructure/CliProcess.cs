using System.Diagnostics;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>The built <c>ocpihub</c> executable run as a command (against a hub), its output redirected (so not a terminal).</summary>
public static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Task<Outcome> RunAsync(IHub hub, params string[] args) =>
        RunAsync([.. args, "--hub", hub.BaseUrl, "--admin-key", HubUnderTest.AdminKey]);

    /// <summary>The executable with <paramref name="args"/> alone (no hub to call).</summary>
    public static async Task<Outcome> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ocpihub.dll") }.Concat(args))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new(process.ExitCode, await output, await error);
    }
}
