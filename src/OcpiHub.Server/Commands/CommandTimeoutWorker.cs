using OcpiHub.Core.Commands;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Commands;

/// <summary>
/// Gives the eMSP a TIMEOUT result for every accepted command whose result did not come within the CPO's timeout
/// plus the margin (<c>Hub:Commands:*</c>). Reads the stored relays, so commands forwarded before a restart are
/// timed out too.
/// </summary>
public sealed class CommandTimeoutWorker(ICommandStore store, CommandRelays relays, HubOptions options, TimeProvider clock, ILogger<CommandTimeoutWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Commands.TimeoutPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var relay in await store.OverdueAsync(clock.GetUtcNow(), 100, stoppingToken))
                    await relays.TimeOutAsync(relay, stoppingToken);
                await Task.Delay(poll, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "timing out overdue commands failed");
                await Task.Delay(poll, clock, stoppingToken);
            }
        }
    }
}
