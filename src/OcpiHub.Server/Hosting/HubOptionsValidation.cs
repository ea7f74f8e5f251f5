using Microsoft.Extensions.Options;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Sync;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The settings the hub cannot run with, each named with why (<c>Hub:…</c>). Checked when the hub is built (it needs
/// its address, folder and database before anything runs) and again by the options pipeline at start.
/// </summary>
public sealed class HubOptionsValidation : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options) =>
        Problems(options).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>The <c>Hub</c> section of <paramref name="configuration"/>; a value of the wrong type or a setting above is a <see cref="HubConfigurationException"/>.</summary>
    public static HubOptions Read(IConfiguration configuration)
    {
        HubOptions options;
        try
        {
            options = configuration.GetSection("Hub").Get<HubOptions>() ?? new HubOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new HubConfigurationException(e.Message); // "Failed to convert configuration value at 'Hub:…' to type …"
        }
        return Problems(options).ToList() is { Count: > 0 } problems ? throw new HubConfigurationException(string.Join("; ", problems)) : options;
    }

    public static IEnumerable<string> Problems(HubOptions options)
    {
        string?[] found =
        [
            Problem(() => SyncSchedule.From(options.Sync)),
            Problem(() => new HubNode(options.NodeId)),
            Problem(options.CheckDeliverySettings),
            Problem(options.RateLimit.Check),
            Problem(options.Health.Check),
            Problem(options.Telemetry.Check),
            options.MaxRequestBodyBytes < 1024 ? $"Hub:MaxRequestBodyBytes must be at least 1024, not {options.MaxRequestBodyBytes}" : null,
            options.MaxPartnerAnswerBytes is < 1024 or > HubOptions.LargestPartnerAnswerBytes
                ? $"Hub:MaxPartnerAnswerBytes must be from 1024 to {HubOptions.LargestPartnerAnswerBytes}, not {options.MaxPartnerAnswerBytes}" : null,
            options.MessageRetentionDays < 0 ? $"Hub:MessageRetentionDays must be 0 (keep every message) or more, not {options.MessageRetentionDays}" : null,
            options.PublicBaseUrl.Length > 0 && !IsHttpUrl(options.PublicBaseUrl)
                ? $"Hub:PublicBaseUrl must be an absolute http:// or https:// URL, not '{options.PublicBaseUrl}'" : null,
        ];
        return found.OfType<string>();
    }

    private static string? Problem(Func<object> read)
    {
        try
        {
            read();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static bool IsHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
