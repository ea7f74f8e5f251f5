using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Data;

namespace OcpiHub.Server.ClientInfo;

/// <summary>
/// HubClientInfo as the delivery queue sends it: the ClientInfo of a party (the delivery's owner) PUT at
/// <c>{hubclientinfo}/{country_code}/{party_id}</c> of the receiver, in the same model from 2.2.1 on.
/// </summary>
public sealed class ClientInfoShape : DataShape
{
    public override DataModule Module => DataModule.HubClientInfo;

    public override Type ModelIn(int depth, OcpiVersion version) => typeof(Protocol.V230.ClientInfo);

    /// <summary>The owner's ids are the whole address: nothing follows them.</summary>
    public override string ObjectPath(string key) => "";
}
