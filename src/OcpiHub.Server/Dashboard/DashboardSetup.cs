using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace OcpiHub.Server.Dashboard;

/// <summary>
/// The operators' dashboard under <c>/dashboard</c>: Razor components, server-rendered, interactive (over the Blazor
/// circuit) where a view is live. Signed in with the admin key, kept in a cookie session: the key never travels in a
/// URL. Its pages call the admin API's own services.
/// </summary>
public static class DashboardSetup
{
    public const string Root = "/dashboard";
    public const string SignInPath = Root + "/signin";
    public const string SignOutPath = Root + "/signout";

    /// <summary>
    /// The dashboard's services; <paramref name="secureCookie"/> when the hub is reached over HTTPS (its public
    /// address): the session cookie is then Secure even if TLS ends at a balancer that calls the node over HTTP.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, string dataFolder, bool secureCookie)
    {
        // The keys that protect the session cookie and the forms: kept with the hub's data, so a restart keeps
        // operators signed in (the default folder belongs to whoever runs the hub).
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "dashboard-keys")));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddFluentUIComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "ocpihub-dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = secureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        return services;
    }

    public static void MapDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.BadRequest();
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(SignInPath);
        }).ExcludeFromDescription();
    }
}
