using System.Runtime.ExceptionServices;
using Microsoft.Playwright;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Dashboard;

/// <summary>
/// One <see cref="RoamingNetwork"/> and one browser shared by the dashboard's tests (each works with parties and
/// objects of its own, so they do not disturb each other). Automatic delivery retries wait ten minutes here, so a
/// failed delivery stays failed until an operator re-drives it.
/// </summary>
public abstract class DashboardNetwork(StorageKind storage) : IAsyncLifetime
{
    public RoamingNetwork Net { get; private set; } = default!;
    public Browser? Browser { get; private set; }

    // Why the network could not start (no PostgreSQL server: a skip, or in CI a failure), given to each test.
    private ExceptionDispatchInfo? notStarted;

    public async ValueTask InitializeAsync()
    {
        Browser = await Browser.LaunchAsync();
        if (Browser is null)
            return;
        try
        {
            Net = await RoamingNetwork.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=600");
        }
        catch (Exception e)
        {
            notStarted = ExceptionDispatchInfo.Capture(e);
            return;
        }
        // Something to count: a Location with its EVSE at each CPO, a Tariff at C22.
        await Net.SendOkAsync(Net.Cpo211, HttpMethod.Put, "receiver/locations/NL/C11/LOC11", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC11"));
        await Net.SendOkAsync(Net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC22", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC22"));
        await Net.SendOkAsync(Net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1"));
    }

    /// <summary>Skips or fails the calling test when there is no browser or no network to test.</summary>
    public void Require()
    {
        Browser.Require(Browser);
        notStarted?.Throw();
    }

    /// <summary>A new browser page signed in to the dashboard (a fresh cookie session of its own).</summary>
    public Task<IPage> SignedInPageAsync()
    {
        Require();
        return Browser!.SignedInPageAsync(Net.Hub.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        if (Net is not null)
            await Net.DisposeAsync();
        if (Browser is not null)
            await Browser.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteDashboardNetwork() : DashboardNetwork(StorageKind.Sqlite);

public sealed class PostgreSqlDashboardNetwork() : DashboardNetwork(StorageKind.PostgreSql);
