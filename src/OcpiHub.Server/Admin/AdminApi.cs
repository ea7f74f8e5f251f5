namespace OcpiHub.Server.Admin;

/// <summary>
/// The operators' REST API under <c>/admin</c>, one class per resource: platforms, agreements, deliveries, syncs,
/// the message log, object counts and commands. Every call needs <c>Authorization: Bearer &lt;admin key&gt;</c>.
/// </summary>
public static class AdminApi
{
    /// <summary>The services the admin API shares with the dashboard.</summary>
    public static IServiceCollection AddHubAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminGate>();
        services.AddTransient<PlatformEditor>();
        services.AddTransient<SyncStarter>();
        services.AddTransient<DeliveryQueue>();
        services.AddTransient<CommandStates>();
        return services;
    }

    public static IEndpointRouteBuilder MapHubAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/admin").AddEndpointFilter(RequireAdminKey).ProducesAdminProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests)
            .MapPlatformsApi()
            .MapAgreementsApi()
            .MapDeliveriesApi()
            .MapSyncsApi()
            .MapMessagesApi()
            .MapObjectsApi()
            .MapCommandsApi();
        return app;
    }

    internal static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        var presented = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        switch (context.RequestServices.GetRequiredService<AdminGate>().Check(presented, context.Connection.RemoteIpAddress))
        {
            case AdminVerdict.Admitted:
                return await next(invocation);
            case AdminVerdict.TooManyAttempts:
                context.Response.Headers.RetryAfter = "1";
                return AdminProblem.Of(StatusCodes.Status429TooManyRequests, "too many wrong admin keys from this address: retry after 1 s");
            default:
                return AdminProblem.Of(StatusCodes.Status401Unauthorized, "the admin API needs Authorization: Bearer <admin key>");
        }
    }
}
