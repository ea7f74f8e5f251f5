using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The store finds objects by many top-level fields and values in one look-up (the tokens a page's unpublished
/// Locations name, <see cref="IObjectFinder.FindByFieldsAsync"/>): each value compared without case, by its own field
/// only, in the module asked, and on the indexes of the Tokens' fields rather than by reading every token. On SQLite
/// and PostgreSQL.
/// </summary>
public class FindByFieldsTests
{
    private static readonly DateTimeOffset Stored = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Tokens_are_found_by_several_fields_and_values_at_once_without_regard_to_case(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var store = hub.Service<IDataStore>();
        await store.SaveAsync([
            Token("DE", "EM1", "AAA1", """ "visual_number":"VIS-A","group_id":"G1" """),
            Token("DE", "EM2", "bbb2", """ "visual_number":"VIS-B","group_id":"G1" """),
            Token("DE", "EM1", "CCC3", """ "group_id":"G2" """),
            new StoredObject(DataModule.Locations, new PartyKey("NL", "CPO"), "AAA1", Stored, """{"id":"AAA1","uid":"AAA1"}""", null, Stored),
        ]);

        var found = await store.FindByFieldsAsync(DataModule.Tokens,
            [("uid", "aaa1"), ("uid", "AAA1"), ("uid", "BBB2"), ("visual_number", "vis-a"), ("group_id", "g2"), ("uid", "VIS-B")]);

        // AAA1 by its uid in either case and by its visual number; bbb2 by its uid; CCC3 by its group. VIS-B is a visual
        // number, not a uid; the Location is not a token.
        Assert.Equal(["AAA1", "CCC3", "bbb2"], found.Select(token => token.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.All(found, token => Assert.Equal(DataModule.Tokens, token.Module));
        Assert.Equal(["DE*EM1", "DE*EM2"], (await store.FindByFieldsAsync(DataModule.Tokens, [("group_id", "G1")])).Select(t => t.Owner.ToString()).Order());
        Assert.Empty(await store.FindByFieldsAsync(DataModule.Tokens, []));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Tokens_are_looked_up_on_the_indexes_of_their_fields(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        var (sql, parameters) = DataStore.ByFields(database, DataModule.Tokens,
            [("uid", "AAA1"), ("visual_number", "VIS-A"), ("group_id", "G1"), ("contract_id", "DE-E1-C1")]);
        var plan = await database.PlanAsync(sql, parameters);
        Assert.All(new[] { "objects_tokens_by_uid", "objects_tokens_by_visual_number", "objects_tokens_by_group_id", "objects_tokens_by_contract_id" },
            index => Assert.True(plan.Contains(index, StringComparison.Ordinal), $"{index} not in:\n{plan}"));
    }

    private static StoredObject Token(string countryCode, string partyId, string uid, string fields) => new(DataModule.Tokens,
        new PartyKey(countryCode, partyId), uid, Stored,
        $$"""{"country_code":"{{countryCode}}","party_id":"{{partyId}}","uid":"{{uid}}","type":"RFID",{{fields}}}""", null, Stored);
}
