using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Version details: 2.1.1 endpoints have no role, the interface follows from the party's role (a CPO offers the
// "CPO interface", an eMSP the "eMSP interface"), so each module appears once.
public static partial class Translator
{
    /// <summary>Each endpoint gets the interface role its module has for the context's OwnerRole (none when unknown).</summary>
    public static VersionDetails ToCanonical(VersionDetails details, TranslationContext context) => details with
    {
        Endpoints = details.Endpoints?.Select(e => e with { Role = e.Role ?? InterfaceOf(context.OwnerRole, e.Identifier) }).ToArray(),
    };

    /// <summary>
    /// Roles go (2.1.1 implies them). Modules added after 2.1.1 are dropped, and where a module is listed for both
    /// interfaces only the one the context's OwnerRole offers (else the first) is kept; both are reported.
    /// </summary>
    public static VersionDetails FromCanonical(VersionDetails details, TranslationContext context)
    {
        var endpoints = LaterModules.Without(details.Endpoints ?? [], To, context);
        var kept = endpoints
            .GroupBy(e => e.Identifier)
            .Select(g => g.FirstOrDefault(e => e.Role is not null && e.Role == InterfaceOf(context.OwnerRole, g.Key)) ?? g.First())
            .ToArray();
        var duplicates = endpoints.Except(kept).ToArray();
        if (duplicates.Length > 0)
            context.Lost(nameof(Endpoint), "role", OcpiVersion.V230, To,
                $"{string.Join(", ", duplicates.Select(e => $"{e.Identifier} {e.Role}"))} dropped: 2.1.1 lists one interface per module");
        return details with { Endpoints = kept.Select(e => e with { Role = null }).ToArray(), Extensions = Carry.Strip(details.Extensions) };
    }

    /// <summary>
    /// The interface a 2.1.1 party of <paramref name="owner"/>'s role offers for a module, in 2.2.1 terms: a CPO
    /// sends locations, sessions, CDRs and tariffs and receives tokens and commands; an eMSP the other way round
    /// (its commands endpoint takes the results of the commands it sends). Credentials: SENDER, as 2.2.1 advises.
    /// </summary>
    public static InterfaceRole? InterfaceOf(Role? owner, ModuleId? module)
    {
        if (module is not { } id || (owner != Role.Cpo && owner != Role.Emsp))
            return null;
        if (id == ModuleId.Credentials)
            return InterfaceRole.Sender;
        var cpoSends = id == ModuleId.Locations || id == ModuleId.Sessions || id == ModuleId.Cdrs || id == ModuleId.Tariffs;
        var cpoReceives = id == ModuleId.Tokens || id == ModuleId.Commands;
        if (!cpoSends && !cpoReceives)
            return null;
        return cpoSends == (owner == Role.Cpo) ? InterfaceRole.Sender : InterfaceRole.Receiver;
    }
}
