using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Keeps this node listening for changes made through any node (PostgreSQL notifications, see
/// <see cref="SharedStateVersion"/>), listening again after a lost connection; nothing to do on SQLite.
/// </summary>
public sealed class SharedStateListener(SharedStateVersion state, HubDatabase database, ILogger<SharedStateListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (database.Kind == DatabaseKind.PostgreSql && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await state.ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A session PostgreSQL ended dropped the pools' idle ones already (HubDatabase). Meanwhile the version is still checked every CheckEvery: changes are seen, only later.
                log.LogWarning(e, "Listening for state changes failed; listening again in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
