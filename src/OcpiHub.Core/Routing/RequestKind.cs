namespace OcpiHub.Core.Routing;

/// <summary>What a partner asks the hub for in a data module.</summary>
public enum RequestKind
{
    /// <summary>PUT, PATCH, POST or DELETE on the hub's receiver interface: the owner sends its objects.</summary>
    Push,
    /// <summary>GET of a page on the hub's sender interface.</summary>
    GetPage,
    /// <summary>GET of one Location, EVSE or connector on the hub's sender interface.</summary>
    GetSingle,
}
