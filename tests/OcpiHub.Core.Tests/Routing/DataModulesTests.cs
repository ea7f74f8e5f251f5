using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Tests.Routing;

public class DataModulesTests
{
    public static TheoryData<DataModule, string, string, string, bool, bool> Modules => new()
    {
        // module, owner, reader, identifier, collapsible, party-specific
        { DataModule.Locations, "CPO", "EMSP", "locations", true, false },
        { DataModule.Tariffs, "CPO", "EMSP", "tariffs", true, false },
        { DataModule.Sessions, "CPO", "EMSP", "sessions", true, true },
        { DataModule.Cdrs, "CPO", "EMSP", "cdrs", false, true },
        { DataModule.Tokens, "EMSP", "CPO", "tokens", true, false },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public void Describes_each_module(DataModule module, string owner, string reader, string identifier, bool collapsible, bool partySpecific)
    {
        Assert.Equal(owner, module.OwnerRole());
        Assert.Equal(reader, module.ReaderRole());
        Assert.Equal(identifier, module.Identifier());
        Assert.Equal(collapsible, module.Collapsible());
        Assert.Equal(partySpecific, module.IsPartySpecific());
    }

    [Fact]
    public void All_lists_every_stored_module_once() =>
        Assert.Equal(Enum.GetValues<DataModule>().Where(m => m.IsStored()), DataModules.All);

    [Fact]
    public void Hub_client_info_is_delivered_but_not_stored() =>
        Assert.Equal(("hubclientinfo", true, false, false),
            (DataModule.HubClientInfo.Identifier(), DataModule.HubClientInfo.Collapsible(), DataModule.HubClientInfo.IsPartySpecific(), DataModule.HubClientInfo.IsStored()));
}
