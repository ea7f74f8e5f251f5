using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data;

/// <summary>One object a translation read, at the row version it read (0: the hub held none).</summary>
public sealed record ObjectRead(DataModule Module, PartyKey Owner, string Key, long RowVersion);

/// <summary>
/// What a wire form was made from beyond its own object (<see cref="StoreLookup"/>): the objects a 2.1.1 translation
/// read (the Tariffs a connector chooses among) and the instant until which what it chose of them holds (the next start
/// or end of their validity). A form kept with inputs is served while those objects are at the same row versions and
/// that instant has not come (<see cref="VisibleObjects"/>).
/// </summary>
public sealed record FormInputs(IReadOnlyList<ObjectRead> Objects, DateTimeOffset Until)
{
    /// <summary>A form made from its own object alone.</summary>
    public static FormInputs None { get; } = new([], DateTimeOffset.MaxValue);

    public bool IsNone => Objects.Count == 0;
}
