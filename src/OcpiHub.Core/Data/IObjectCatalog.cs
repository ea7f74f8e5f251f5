using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

/// <summary>How many objects of a module an owner has in the hub's store; for Locations also their EVSEs.</summary>
public sealed record ObjectCount(PartyKey Owner, DataModule Module, int Objects, int Evses);

/// <summary>What the hub's store holds, counted per owner and module: the operators' overview.</summary>
public interface IObjectCatalog
{
    Task<IReadOnlyList<ObjectCount>> CountAsync(CancellationToken cancellationToken = default);
}
