using OcpiHub.Load;

// Load scenarios of docs/benchmarks.md, each against a baseline measured in the same run, on loopback only:
// dotnet run -c Release --project bench/OcpiHub.Load -- --scenario s1|s2|s3|s4|s5
// Hundreds of simulated partners in one process: a config file watcher each would exhaust the inotify instances.
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var settings = LoadSettings.Parse(args);
if (settings.Scenario == "s3-cpo")
{
    // The simulated CPO of S3, started by the driver as a process of its own.
    await CpoProcess.ServeAsync(settings.Locations);
    return 0;
}
Report.Line($"{settings.Scenario}: .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
switch (settings.Scenario)
{
    case "s1":
        await ForwardingScenario.RunAsync(settings);
        break;
    case "s2":
        await PagesScenario.RunAsync(settings);
        break;
    case "s3":
        await SyncScenario.RunAsync(settings);
        break;
    case "s4":
        await BroadcastScenario.RunAsync(settings);
        break;
    case "s5":
        await RoamingDayScenario.RunAsync(settings);
        break;
    default:
        Console.Error.WriteLine("usage: --scenario s1|s2|s3|s4|s5 [--locations N] [--warm N] [--concurrency 1,16] [--emsps 10,50,200] [--seconds S] [--pushes R] [--rate R] [--database sqlite|postgresql]");
        return 2;
}
return 0;
