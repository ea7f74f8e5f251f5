using OcpiHub.Server.Hosting;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>A health or telemetry setting the hub cannot use stops the start with a message naming it.</summary>
public class OperationsSettingsTests
{
    [Theory]
    [InlineData("--Hub:Telemetry:DeliveryCountSeconds=0", "Hub:Telemetry:DeliveryCountSeconds")]
    [InlineData("--Hub:Telemetry:MetricsPath=metrics", "Hub:Telemetry:MetricsPath")]
    [InlineData("--Hub:Telemetry:OtlpEndpoint=collector:4317", "Hub:Telemetry:OtlpEndpoint")]
    [InlineData("--Hub:Health:MaxDeadDeliveries=-1", "Hub:Health:MaxDeadDeliveries")]
    public async Task An_unusable_setting_is_named(string setting, string name)
    {
        var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => HubUnderTest.StartAsync(StorageKind.Sqlite, setting));
        Assert.Contains(name, refused.Message, StringComparison.Ordinal);
    }
}
