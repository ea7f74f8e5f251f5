namespace OcpiHub.Core.Platforms;

/// <summary>
/// How parties stand for their counterparts: carried by a registered platform or not, and how that platform stands.
/// A change of a platform moves some of them; the hub tells their counterparts and dates the change by it.
/// </summary>
public static class PartyStanding
{
    /// <summary>The parties whose standing a change of <paramref name="before"/> into <paramref name="after"/> moved.</summary>
    public static IEnumerable<PartyKey> Moved(Platform? before, Platform after)
    {
        var (was, now) = (Carried(before), Carried(after));
        return before?.Status != after.Status ? was.Union(now) : was.Except(now).Union(now.Except(was));
    }

    /// <summary>The parties <paramref name="after"/> carries that <paramref name="before"/> did not: no registered platform carried them.</summary>
    public static IEnumerable<PartyKey> Joined(Platform? before, Platform after) => Carried(after).Except(Carried(before));

    /// <summary>The parties both <paramref name="before"/> and <paramref name="after"/> carry, registered.</summary>
    public static IEnumerable<PartyKey> Stayed(Platform? before, Platform after) => Carried(after).Intersect(Carried(before));

    /// <summary>The parties a platform carried and still carries, when it now reads in another version or takes other modules.</summary>
    public static IEnumerable<PartyKey> ReadsOtherwise(Platform? before, Platform after) =>
        before is { IsRegistered: true } && after.IsRegistered
        && (before.Version != after.Version || !Modules(before).SetEquals(Modules(after)))
            ? Stayed(before, after)
            : [];

    private static HashSet<(string, string?)> Modules(Platform platform) => platform.Endpoints.Select(e => (e.Identifier, e.Role)).ToHashSet();

    /// <summary>The parties <paramref name="platform"/> carries while it is registered.</summary>
    public static HashSet<PartyKey> Carried(Platform? platform) =>
        platform is { IsRegistered: true } ? platform.Parties.Select(p => p.Key).ToHashSet() : [];
}
