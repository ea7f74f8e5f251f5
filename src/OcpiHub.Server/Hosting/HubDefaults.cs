using Microsoft.Extensions.Options;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Hosting.Limits;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Hosting;

/// <summary>What every hub node has, whatever it serves: its settings (checked), name, clock, address, JSON, OpenAPI, middleware and health.</summary>
public static class HubDefaults
{
    /// <summary>The hub's settings, read and checked (a bad one is a <see cref="HubConfigurationException"/> naming it), and the services every part uses.</summary>
    public static HubOptions AddHubDefaults(this WebApplicationBuilder builder, TimeProvider? clock)
    {
        var options = HubOptionsValidation.Read(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddOptions<HubOptions>().BindConfiguration("Hub").ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidation>();
        services.AddSingleton(new HubNode(options.NodeId));
        services.AddSingleton(clock ?? TimeProvider.System);
        services.ConfigureHttpJsonOptions(json => AdminJson.Configure(json.SerializerOptions));
        services.AddOpenApi();
        builder.WebHost.UseUrls(options.Listen);
        builder.AddHubLimits(options);
        builder.AddHubOperations(options);
        return options;
    }

    /// <summary>The middleware every request passes: the node's log scope, tracing headers, metrics and health, the message log, errors in the shape of their API, limits.</summary>
    public static WebApplication UseHubDefaults(this WebApplication app)
    {
        app.UseNodeLogScope();
        app.UseOcpiTracing();
        app.UseHubOperations();
        app.UseInboundMessageLog();
        app.UseExceptionHandler(errors => errors.Run(ErrorResponses.WriteAsync));
        app.UseHubLimits();
        return app;
    }

    public static WebApplication MapHubDefaults(this WebApplication app)
    {
        app.MapOpenApi();
        return app;
    }
}
