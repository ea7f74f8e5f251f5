using Microsoft.AspNetCore.Http;
using OcpiHub.Server.Messages;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>The module and version the message log and the metrics name for a request's path.</summary>
public sealed class MessagePathsTests
{
    [Theory]
    [InlineData("/ocpi/versions", "versions")]
    [InlineData("/ocpi/2.2.1", "versions")]
    [InlineData("/ocpi/2.2.1/", "versions")]
    [InlineData("/ocpi/2.2.1/sender/locations/LOC1/EVSE1", "locations")]
    [InlineData("/ocpi/2.2.1/receiver/sessions/NL/CPO/S1", "sessions")]
    [InlineData("/ocpi/2.1.1/tokens/DE/EMS/T1/authorize", "tokens")]
    [InlineData("/ocpi//2.3.0//credentials", "credentials")]
    [InlineData("/ocpi/2.2.1/sender/Locations", "Locations")]
    [InlineData("/ocpi/2.2.1/sender/sender", "versions")]
    [InlineData("/ocpi/2.2.1/no-such-module/x", "no-such-module")]
    [InlineData("/ocpi", null)]
    [InlineData("/ocpi/", null)]
    [InlineData("/admin/platforms", null)]
    [InlineData("/ocpicity/2.2.1/locations", null)]
    public void The_module_is_the_segment_after_the_version_and_its_side(string path, string? module) =>
        Assert.Equal(module, MessagePaths.ModuleOf(new PathString(path)));

    [Fact]
    public void A_module_segment_is_kept_to_64_characters()
    {
        var segment = new string('m', 200);

        Assert.Equal(new string('m', 64), MessagePaths.ModuleOf(new PathString($"/ocpi/2.2.1/{segment}")));
    }

    [Theory]
    [InlineData("/ocpi/2.1.1/locations", "2.1.1")]
    [InlineData("/ocpi/2.2.1", "2.2.1")]
    [InlineData("/ocpi//2.3.0/sender/tariffs", "2.3.0")]
    [InlineData("/ocpi/versions", null)]
    [InlineData("/ocpi/2.2/locations", null)]
    [InlineData("/ocpi", null)]
    [InlineData("/dashboard/2.2.1", null)]
    public void The_version_is_the_first_segment_after_ocpi_when_the_hub_speaks_it(string path, string? version) =>
        Assert.Equal(version, MessagePaths.VersionOf(new PathString(path)));
}
