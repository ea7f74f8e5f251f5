using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Routing;

/// <summary>
/// The OCPI modules whose objects the hub stores, serves and relays; HubClientInfo, whose objects the hub
/// derives itself and delivers the same way; and Commands, whose results the hub relays through the same queue.
/// </summary>
public enum DataModule
{
    Locations,
    Tariffs,
    Sessions,
    Cdrs,
    Tokens,
    HubClientInfo,
    Commands,
}

public static class DataModules
{
    public static IReadOnlyList<DataModule> All { get; } =
        [DataModule.Locations, DataModule.Tariffs, DataModule.Sessions, DataModule.Cdrs, DataModule.Tokens];

    /// <summary>The role of the party that owns the objects and pushes them: CPO, or EMSP for Tokens.</summary>
    public static string OwnerRole(this DataModule m) => m == DataModule.Tokens ? Party.Emsp : Party.Cpo;

    /// <summary>The opposite role: who receives the objects and reads them from the hub.</summary>
    public static string ReaderRole(this DataModule m) => m == DataModule.Tokens ? Party.Cpo : Party.Emsp;

    /// <summary>The OCPI ModuleID, as in version details.</summary>
    public static string Identifier(this DataModule m) => m switch
    {
        DataModule.Locations => "locations",
        DataModule.Tariffs => "tariffs",
        DataModule.Sessions => "sessions",
        DataModule.Cdrs => "cdrs",
        DataModule.Tokens => "tokens",
        DataModule.HubClientInfo => "hubclientinfo",
        DataModule.Commands => "commands",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    /// <summary>
    /// Whether a receiver's backlog may collapse to the latest state of an object. A CDR is never updated, each one
    /// is a bill, so every one must arrive; so must every command result.
    /// </summary>
    public static bool Collapsible(this DataModule m) => m is not (DataModule.Cdrs or DataModule.Commands);

    /// <summary>Sessions and CDRs go only to the eMSP of the token they were charged on, never to every agreed party.</summary>
    public static bool IsPartySpecific(this DataModule m) => m is DataModule.Sessions or DataModule.Cdrs;

    /// <summary>Whether calls of the module carry OCPI's routing headers: HubClientInfo, a configuration module, is never routed.</summary>
    public static bool IsRouted(this DataModule m) => m is not DataModule.HubClientInfo;

    /// <summary>Whether the hub keeps a copy of the module's objects (not of the ClientInfo it derives).</summary>
    public static bool IsStored(this DataModule m) => m is not (DataModule.HubClientInfo or DataModule.Commands);
}
