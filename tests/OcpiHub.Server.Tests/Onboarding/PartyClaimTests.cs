using OcpiHub.Core.Platforms;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// Two platforms claiming one party at the same moment both pass the registration's early check; the store then
/// refuses the second as a taken party (a clear 2001 to its partner), never a database error.
/// </summary>
public class PartyClaimTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_store_refuses_a_party_another_platform_carries_as_taken(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var platforms = hub.Service<IPlatformStore>();
        var party = new Party(new PartyKey("NL", "CPA"), Party.Cpo);
        Platform Claiming(string id) => new() { Id = id, Name = id, Status = PlatformStatus.Connected, Parties = [party], CreatedAt = DateTimeOffset.UtcNow };

        await platforms.SaveAsync(Claiming("first"), TokenChanges.None);
        var taken = await Assert.ThrowsAsync<PartyTakenException>(() => platforms.SaveAsync(Claiming("second"), TokenChanges.None));

        Assert.Equal(party.Key, taken.Party);
        Assert.Equal("first", (await platforms.FindByPartyAsync(party.Key))!.Id);
        Assert.Null(await platforms.FindAsync("second")); // nothing of it half-written
    }
}
