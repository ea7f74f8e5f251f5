using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace OcpiHub.Load;

/// <summary>
/// The proxy baseline of S1: YARP in process on Kestrel on loopback with one catch-all route to one destination,
/// passing every request on as it is (no authentication, routing decision, translation or database).
/// </summary>
public sealed class YarpProxy : IAsyncDisposable
{
    private readonly WebApplication app;

    private YarpProxy(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<YarpProxy> StartAsync(string destination)
    {
        var (app, url) = await LoopbackKestrel.StartAsync(
            services => services.AddReverseProxy().LoadFromMemory(
                [new RouteConfig { RouteId = "receiver", ClusterId = "receiver", Match = new RouteMatch { Path = "{**rest}" } }],
                [new ClusterConfig { ClusterId = "receiver", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = destination } } }]),
            app => app.MapReverseProxy());
        return new YarpProxy(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
