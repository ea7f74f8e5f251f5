using Microsoft.Extensions.Options;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
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
            options.ReservationRetentionDays < 0
                ? $"Hub:ReservationRetentionDays must be 0 (keep every reservation) or more, not {options.ReservationRetentionDays}" : null,
            options.PublicBaseUrl.Length > 0 && !IsHttpUrl(options.PublicBaseUrl)
                ? $"Hub:PublicBaseUrl must be an absolute http:// or https:// URL, not '{options.PublicBaseUrl}'" : null,
            // Without it partners are given Hub:Listen as the hub's address (versions URL, response_url).
            options.PublicBaseUrl.Length == 0 && !IsPartnerAddress(options.Listen)
                ? $"Hub:PublicBaseUrl must be set when Hub:Listen ('{options.Listen}') is not one address partners can reach (every address, or several)" : null,
            options.AdminKey.Trim().Length is > 0 and < HubOptions.MinAdminKeyLength
                ? $"Hub:AdminKey must be at least {HubOptions.MinAdminKeyLength} characters (a random one: openssl rand -base64 24), not {options.AdminKey.Trim().Length}" : null,
            !PartyKey.IsCountryCode(options.CountryCode) ? $"Hub:CountryCode must be two letters (ISO 3166-1 alpha-2), not '{options.CountryCode}'" : null,
            !PartyKey.IsPartyId(options.PartyId) ? $"Hub:PartyId must be three letters or digits, not '{options.PartyId}'" : null,
            NotNegative("Hub:ProbeAfterMinutes", options.ProbeAfterMinutes), // 0: every platform at every round
            Positive("Hub:DeliveryRetryHours", options.DeliveryRetryHours),
            Positive("Hub:DeliveryBackoffSeconds", options.DeliveryBackoffSeconds),
            Positive("Hub:Forwarding:AuthorizationTimeoutSeconds", options.Forwarding.AuthorizationTimeoutSeconds),
            Positive("Hub:Forwarding:CommandTimeoutSeconds", options.Forwarding.CommandTimeoutSeconds),
            Positive("Hub:Commands:TimeoutPollSeconds", options.Commands.TimeoutPollSeconds),
            Positive("Hub:Sync:PageTimeoutSeconds", options.Sync.PageTimeoutSeconds),
            options.Sync.Concurrency is < 1 or > 64 ? $"Hub:Sync:Concurrency must be 1 to 64, not {options.Sync.Concurrency}" : null,
            NotNegative("Hub:Commands:ResultMarginSeconds", options.Commands.ResultMarginSeconds),
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

    /// <summary>A duration that must be more than nothing (a 0 makes every forward time out, or a loop spin); null when it is.</summary>
    private static string? Positive(string setting, double value) =>
        value is > 0 and < double.PositiveInfinity ? null : $"{setting} must be more than 0, not {value}";

    private static string? NotNegative(string setting, double value) =>
        value is >= 0 and < double.PositiveInfinity ? null : $"{setting} must be 0 or more, not {value}";

    private static bool IsPartnerAddress(string listen) =>
        IsHttpUrl(listen) && !listen.Contains(';') && new Uri(listen).Host is not ("0.0.0.0" or "[::]");

    private static bool IsHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
