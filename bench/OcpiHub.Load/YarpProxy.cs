using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "receiver", ClusterId = "receiver", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "receiver", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = destination } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return new YarpProxy(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
