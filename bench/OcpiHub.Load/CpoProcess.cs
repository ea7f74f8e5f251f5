using System.Diagnostics;
using System.Text.Json.Nodes;
using OcpiHub.Benchmarks;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// The simulated 2.2.1 CPO of S3 in a process of its own (this program with <c>--scenario s3-cpo</c>): its store of
/// N Locations as JSON nodes is several times the hub's goal, so in the driver's process it would hide the hub's
/// working set. The child fills its Locations sender, registers with the hub as the driver tells it over stdin,
/// and serves pages until its stdin closes. Lines of its stdout that start with <c>@</c> answer the driver.
/// </summary>
public sealed class CpoProcess : IAsyncDisposable
{
    public static readonly SimulatedParty Party = new("NL", "CPO", "CPO", "Load CPO");
    public const int MaxPageSize = 1000;

    private readonly Process process;

    private CpoProcess(Process process) => this.process = process;

    /// <summary>The CPU time the CPO has used so far (filling its store included).</summary>
    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<CpoProcess> StartAsync(int locations)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(CpoProcess).Assembly.Location);
        foreach (var arg in new[] { "--scenario", "s3-cpo", "--locations", locations.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        var cpo = new CpoProcess(Process.Start(start)!);
        await cpo.AnswerAsync();
        return cpo;
    }

    /// <summary>The CPO registers with the hub's versions URL and token A; its credentials answer.</summary>
    public async Task<JsonNode> RegisterAsync(string hubVersionsUrl, string tokenA)
    {
        await process.StandardInput.WriteLineAsync($"{hubVersionsUrl} {tokenA}");
        await process.StandardInput.FlushAsync();
        return JsonNode.Parse(await AnswerAsync())!;
    }

    private async Task<string> AnswerAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('@'))
                return line[1..];
        }
        throw new InvalidOperationException($"the CPO process ended (exit code {(process.HasExited ? process.ExitCode : -1)})");
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
        process.Dispose();
    }

    /// <summary>The child's side: the Locations of <c>LocationPage</c> in 2.2.1, served in pages of at most <see cref="MaxPageSize"/>.</summary>
    public static async Task ServeAsync(int locations)
    {
        await using var cpo = await SimulatedPartner.StartAsync(new PartnerOptions { Version = OcpiVersion.V221, Parties = [Party], MaxPageSize = MaxPageSize });
        var sender = cpo.Sender("locations");
        var context = new TranslationContext(new PartyRef(Party.CountryCode, Party.PartyId));
        for (var start = 0; start < locations; start += MaxPageSize)
        {
            foreach (var location in LocationPage.Create(Math.Min(MaxPageSize, locations - start), start))
                sender.Put(OcpiJson.Serialize(Protocol.V221.Translator.FromCanonical(location, context), OcpiVersion.V221));
        }
        Console.WriteLine("@ready");
        var hub = (await Console.In.ReadLineAsync())!.Split(' ');
        Console.WriteLine("@" + (await cpo.RegisterAsync(hub[0], hub[1])).ToJsonString());
        await Console.In.ReadToEndAsync();
    }
}
