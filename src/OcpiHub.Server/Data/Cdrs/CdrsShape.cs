using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data.Cdrs;

/// <summary>
/// CDRs: POSTed whole to the module (no ids in the URL), never changed afterwards, each one delivered (a bill is
/// never collapsed into another); the hub's copy is read back at the owner's URL like any other object.
/// </summary>
public sealed class CdrsShape : TokenChargedShape
{
    public override DataModule Module => DataModule.Cdrs;

    public override bool CreatedByPost => true;

    public override Type ModelIn(int depth, OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => typeof(Protocol.V211.Cdr),
        OcpiVersion.V221 => typeof(Protocol.V221.Cdr),
        _ => typeof(Protocol.V230.Cdr),
    };
}
