using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>
/// Who may get one stored object, by the reader's version and party (<see cref="OcpiHub.Core.Data.Visibility"/>):
/// asked on the push path for each receiver party and on the serving path for the reader. <paramref name="lasting"/>:
/// it follows from the object's own body alone, so it holds as long as the stored row is unchanged (<see cref="WireForms"/>).
/// </summary>
public sealed class Audience(Func<OcpiVersion, PartyKey, bool> includes, bool lasting = false)
{
    public static Audience Everyone { get; } = new((_, _) => true, lasting: true);

    public static Audience Nobody { get; } = new((_, _) => false, lasting: true);

    public bool Lasting => lasting;

    public bool Includes(OcpiVersion version, PartyKey reader) => includes(version, reader);

    /// <summary>A receiver <paramref name="party"/> of <paramref name="platform"/> (one without a version gets nothing).</summary>
    public bool Includes(Platform platform, PartyKey party) => platform.Version is { } version && includes(version, party);
}
