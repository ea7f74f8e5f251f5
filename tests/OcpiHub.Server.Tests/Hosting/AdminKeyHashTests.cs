using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>The admin key's hash answers the same whether the key was verified before or not.</summary>
public class AdminKeyHashTests
{
    [Fact]
    public void The_key_verifies_again_and_other_keys_stay_refused_after_it_verified()
    {
        var hash = AdminKeyHash.Parse(AdminKeyHash.Of("the-admin-key").ToString(), "a test");

        Assert.False(hash.Verifies("the-admin-kez"));
        Assert.True(hash.Verifies("the-admin-key"));
        Assert.True(hash.Verifies("the-admin-key"));
        Assert.False(hash.Verifies("the-admin-kez"));
        Assert.False(hash.Verifies("the-admin-key "));
        Assert.False(hash.Verifies(""));
        Assert.True(hash.Verifies("the-admin-key"));
    }

    [Fact]
    public void A_rotated_hash_refuses_the_key_its_predecessor_verified()
    {
        var first = AdminKeyHash.Of("one-key");
        Assert.True(first.Verifies("one-key"));

        var rotated = AdminKeyHash.Of("another-key");

        Assert.False(rotated.Verifies("one-key"));
        Assert.True(rotated.Verifies("another-key"));
    }
}
