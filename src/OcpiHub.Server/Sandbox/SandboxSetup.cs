using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Sandbox;

/// <summary>The sandbox in the hub: its services and worker (only with <c>Hub:Sandbox:Enabled</c>) and its admin routes.</summary>
public static class SandboxSetup
{
    public static IServiceCollection AddHubSandbox(this IServiceCollection services, HubOptions hub)
    {
        if (!hub.Sandbox.Enabled)
            return services;
        var parties = hub.Sandbox.Parties.Select(p => HubConfigurationException.Check(() => Party(p.Party))).ToList();
        if (parties.Distinct().Count() != parties.Count)
            throw new HubConfigurationException($"Hub:Sandbox: the six sandbox parties must differ ({string.Join(", ", parties)})");
        services.AddSingleton<SandboxNetwork>();
        services.AddHostedService<SandboxHost>();
        return services;
    }

    public static void MapHubSandbox(this WebApplication app) =>
        app.MapGroup("/admin/sandbox").AddEndpointFilter(Admin.AdminApi.RequireAdminKey).ProducesAdminProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests)
            .WithTags("Sandbox").MapSandbox();

    /// <summary>A configured sandbox party id, <c>ES*CP1</c>.</summary>
    public static PartyKey Party(string text) => PartyKey.TryParse(text, out var key)
        ? key
        : throw new ArgumentException($"Hub:Sandbox: '{text}' is no party id such as ES*CP1");

    /// <summary>
    /// The hub's own address for the sandbox partners: its public base URL, or, when it listens on port 0 (tests),
    /// the address Kestrel chose, which then also becomes the public base URL its credentials and endpoints name.
    /// </summary>
    public static void ResolvePortZero(HubOptions hub, IServer server)
    {
        if (new Uri(hub.BaseUrl).Port == 0 && server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } actual)
            hub.PublicBaseUrl = actual.TrimEnd('/');
    }
}

/// <summary>Starts the sandbox once the hub listens (its partners call it back during the handshake), and stops it with the hub.</summary>
internal sealed class SandboxHost(SandboxNetwork network, HubOptions hub, IServer server, IHostApplicationLifetime lifetime, ILogger<SandboxHost> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
        SandboxSetup.ResolvePortZero(hub, server);
        await network.StartAsync(stoppingToken);
        log.LogInformation("sandbox ready: {Partners}", string.Join(", ", network.Partners.Select(p => $"{p.Party} ({p.Role} {p.Version.ToWire()})")));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        network.Stop();
        await base.StopAsync(cancellationToken);
    }
}
