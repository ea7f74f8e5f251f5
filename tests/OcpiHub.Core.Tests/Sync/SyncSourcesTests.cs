using OcpiHub.Core.Sync;
using static OcpiHub.Core.Tests.Sync.SyncWorld;

namespace OcpiHub.Core.Tests.Sync;

public class SyncSourcesTests
{
    [Fact]
    public void A_source_is_the_module_s_sender_endpoint_never_its_receiver()
    {
        Assert.Equal(["https://partner.test/locations", "https://partner.test/sessions", "https://partner.test/tokens"],
            SyncSources.Of(Combo).Select(s => s.Url));
    }

    [Fact]
    public void A_2_1_1_platform_without_a_declared_party_is_read_by_its_parties()
    {
        Assert.Equal(3, SyncSources.Of(Cpo211 with { DeclaredParty = null }).Count);
        Assert.Empty(SyncSources.Of(Cpo211 with { DeclaredParty = null, Parties = [] }));
    }
}
