using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>
/// Who may get one stored object, by the reader's version and party (<see cref="OcpiHub.Core.Data.Visibility"/>):
/// asked on the push path for each receiver party and on the serving path for the reader.
/// </summary>
public sealed class Audience(Func<OcpiVersion, PartyKey, bool> includes)
{
    public static Audience Everyone { get; } = new((_, _) => true);

    public bool Includes(OcpiVersion version, PartyKey reader) => includes(version, reader);

    /// <summary>A receiver <paramref name="party"/> of <paramref name="platform"/> (one without a version gets nothing).</summary>
    public bool Includes(Platform platform, PartyKey party) => platform.Version is { } version && includes(version, party);
}
