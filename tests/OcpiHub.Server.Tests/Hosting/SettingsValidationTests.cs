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
    [InlineData("--Hub:DeliveryCollapseAfterSeconds=-1", "Hub:DeliveryCollapseAfterSeconds")]
    [InlineData("--Hub:DeliveryCollapseAfterSeconds=86401", "Hub:DeliveryCollapseAfterSeconds")]
    [InlineData("--Hub:Sync:FullSchedule=every saturday", "Hub:Sync:FullSchedule")]
    [InlineData("--Hub:Listen=http://0.0.0.0:5080", "Hub:PublicBaseUrl")]
    [InlineData("--Hub:CountryCode=DEU", "Hub:CountryCode")]
    [InlineData("--Hub:PartyId=HUBS", "Hub:PartyId")]
    [InlineData("--Hub:Forwarding:AuthorizationTimeoutSeconds=0", "Hub:Forwarding:AuthorizationTimeoutSeconds")]
    [InlineData("--Hub:Forwarding:CommandTimeoutSeconds=-1", "Hub:Forwarding:CommandTimeoutSeconds")]
    [InlineData("--Hub:ProbeAfterMinutes=-1", "Hub:ProbeAfterMinutes")]
    [InlineData("--Hub:Sync:PageTimeoutSeconds=0", "Hub:Sync:PageTimeoutSeconds")]
    [InlineData("--Hub:Commands:TimeoutPollSeconds=0", "Hub:Commands:TimeoutPollSeconds")]
    [InlineData("--Hub:AdminKey=fifteen-chars15", "Hub:AdminKey")]
    public async Task A_bad_setting_stops_the_start_naming_the_setting(string setting, string named)
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);

        var refused = await hub.StartRefusedAsync(setting);

        Assert.Contains($"cannot start: ", refused, StringComparison.Ordinal);
        Assert.Contains(named, refused, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(hub.DataFolder, "ocpihub.db")), "the database was created before the settings were checked");
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task A_hub_whose_address_is_taken_says_so_in_a_line(string command)
    {
        await using var first = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        await using var second = await HubProcess.CreateAsync(StorageKind.Sqlite);

        var failed = await second.StartCommandFailingAsync(command, 1, $"--Hub:Listen={first.BaseUrl}");

        Assert.Contains("cannot start: ", failed, StringComparison.Ordinal);
        Assert.Contains("address already in use", failed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", failed, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task A_hub_whose_database_is_unreachable_says_so_in_a_line()
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);

        // A port nothing listens on (the first, reserved one), refused at once.
        var failed = await hub.StartFailingAsync(1, "--Hub:PostgreSql=Host=127.0.0.1;Port=1;Username=hub;Timeout=5");

        Assert.Contains("cannot start: ", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failed, StringComparison.Ordinal);
    }
}
