using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Admin;

/// <summary>
/// An operator's PATCH of a platform: <c>{"name": …, "settings": {…}}</c>, settings merged field by field. An
/// unknown field or setting is refused rather than ignored, so a typo does not pass for a change.
/// </summary>
public static class PlatformChanges
{
    public static (Platform? Changed, string? Problem) Apply(Platform platform, JsonObject body)
    {
        foreach (var (key, _) in body)
        {
            if (key is not ("name" or "settings"))
                return (null, $"unknown field '{key}': a platform PATCH takes name and settings");
        }
        var changed = platform;
        if (body["name"] is { } name)
        {
            if (name.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetValue<string>()))
                return (null, "name must be a non-empty string");
            changed = changed with { Name = name.GetValue<string>().Trim() };
        }
        if (body["settings"] is { } settingsPatch)
        {
            if (settingsPatch is not JsonObject patch)
                return (null, "settings must be an object");
            var current = JsonSerializer.SerializeToNode(platform.Settings, AdminJson.Options)!.AsObject();
            foreach (var (key, value) in patch)
            {
                if (!current.ContainsKey(key))
                    return (null, $"unknown setting '{key}'; settings are {string.Join(", ", current.Select(p => p.Key))}");
                current[key] = value?.DeepClone();
            }
            try
            {
                changed = changed with { Settings = current.Deserialize<PlatformSettings>(AdminJson.Options)! };
                if (changed.Settings.PullLimit < 1)
                    return (null, "pull_limit must be at least 1");
                if (RateLimitProblem(changed.Settings) is { } problem)
                    return (null, problem);
            }
            catch (JsonException e)
            {
                return (null, "settings: " + e.Message.Split(" Path:")[0]);
            }
        }
        return (changed, null);
    }

    /// <summary>What is wrong with a platform's own rate limit, if it sets one (each half may be left to the hub's).</summary>
    private static string? RateLimitProblem(PlatformSettings settings)
    {
        try
        {
            Hosting.Limits.TokenBucket.Check("rate_limit_per_second", "rate_limit_burst", settings.RateLimitPerSecond ?? 1, settings.RateLimitBurst ?? 1);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
