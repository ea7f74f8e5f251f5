using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>A setting the hub cannot run with stops its start (exit code 2) with a message naming the setting, before it touches its database.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("--Hub:MessageRetentionDays=-1", "Hub:MessageRetentionDays")]
    [InlineData("--Hub:MessageRetentionDays=a month", "Hub:MessageRetentionDays")]
    [InlineData("--Hub:PublicBaseUrl=hub.example.com", "Hub:PublicBaseUrl")]
    [InlineData("--Hub:DeliveryConcurrencyPerReceiver=0", "Hub:DeliveryConcurrencyPerReceiver")]
    [InlineData("--Hub:Sync:FullSchedule=every saturday", "Hub:Sync:FullSchedule")]
    public async Task A_bad_setting_stops_the_start_naming_the_setting(string setting, string named)
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);

        var refused = await hub.StartRefusedAsync(setting);

        Assert.Contains($"cannot start: ", refused, StringComparison.Ordinal);
        Assert.Contains(named, refused, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(hub.DataFolder, "ocpihub.db")), "the database was created before the settings were checked");
    }
}
