using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Routing;

/// <summary>The modules whose data the hub keeps a copy of and relays.</summary>
public enum DataModule
{
    Locations,
    Tariffs,
    Sessions,
    Cdrs,
    Tokens,
}

public static class DataModules
{
    /// <summary>The role of the party that owns (pushes) the module's objects.</summary>
    public static string OwnerRole(this DataModule module) => module == DataModule.Tokens ? Party.Emsp : Party.Cpo;

    /// <summary>The role of the parties that receive and read them.</summary>
    public static string ReaderRole(this DataModule module) => module == DataModule.Tokens ? Party.Cpo : Party.Emsp;

    /// <summary>The OCPI ModuleID.</summary>
    public static string Identifier(this DataModule module) => module.ToString().ToLowerInvariant();

    /// <summary>A receiver's backlog may collapse to the object's latest state: every CDR is delivered.</summary>
    public static bool Collapsible(this DataModule module) => module != DataModule.Cdrs;

    /// <summary>Sessions and CDRs go only to the eMSP of their token, never broadcast.</summary>
    public static bool IsPartySpecific(this DataModule module) => module is DataModule.Sessions or DataModule.Cdrs;
}
