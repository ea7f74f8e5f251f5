using OcpiHub.Core.Platforms;
using OcpiHub.Protocol.Common;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Routing;

/// <summary>
/// Every refusal of the routing decision, with its OCPI status and a reason a partner can act on. Each reached the
/// OCPI layer, so each is answered with HTTP 200 (docs/routing.md, "HTTP status of errors").
/// </summary>
internal static class Refusals
{
    private const string FromHeaders = "OCPI-from-country-code and OCPI-from-party-id";
    private const string ToHeaders = "OCPI-to-country-code and OCPI-to-party-id";

    public static Refuse FromNotOwnParty(PartyKey from) => new(OcpiStatusCodes.ClientError,
        $"{FromHeaders} name {from}, which is not a party of this platform: a platform may only send as its own parties");

    public static Refuse UrlOwnerNotOwnParty(PartyKey urlOwner, DataModule module) => new(OcpiStatusCodes.ClientError,
        $"the URL pushes {module.Identifier()} under {urlOwner}, which is not a party of this platform: a platform may only push its own parties' objects");

    public static Refuse NoPartyInRole(string role, string act) => new(OcpiStatusCodes.ClientError,
        $"this platform has no {role} party, and only {role} parties {act}");

    public static Refuse SenderInWrongRole(PartyKey sender, IEnumerable<string> itsRoles, string act, string role) =>
        new(OcpiStatusCodes.ClientError,
            $"{sender} is this platform's {string.Join("/", itsRoles)} party, and only {role} parties {act}");

    public static Refuse AmbiguousSender(string role, IEnumerable<PartyKey> candidates) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        $"this platform has several {role} parties ({string.Join(", ", candidates)}): send {FromHeaders} to say which one sends");

    public static Refuse UrlOwnerIsNotSender(PartyKey urlOwner, PartyKey sender) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        $"the URL names {urlOwner} as the owner but the request is sent as {sender}: a party pushes only its own objects");

    public static Refuse OwnerRequired(DataModule module, string ownerRole) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        $"{ToHeaders} are required to GET one object of {module.Identifier()}: its ids are unique only per {ownerRole}, so name the {ownerRole} that owns it");

    public static Refuse UnknownReceiver(PartyKey to) => new(OcpiStatusCodes.UnknownReceiver,
        $"{ToHeaders} name {to}, a party the hub does not know");

    public static Refuse ReceiverInWrongRole(PartyKey to, IEnumerable<string> itsRoles, string expectedRole, DataModule module, RequestKind kind) =>
        new(OcpiStatusCodes.InvalidOrMissingParameters, kind == RequestKind.Push
            ? $"{ToHeaders} name {to}, a {string.Join("/", itsRoles)} party, but {module.Identifier()} are pushed to {expectedRole} parties"
            : $"{ToHeaders} name {to}, a {string.Join("/", itsRoles)} party, but {module.Identifier()} are read from their owner, a {expectedRole} party");

    public static Refuse NoAgreement(PartyKey cpo, PartyKey emsp) => new(OcpiStatusCodes.ClientError,
        $"there is no active roaming agreement between {cpo} and {emsp}");

    /// <summary>What only the sending role of a data module request may do: "push locations", "read tokens".</summary>
    public static string Act(DataModule module, RequestKind kind) =>
        kind == RequestKind.Push ? $"push {module.Identifier()}" : $"read {module.Identifier()}";
}
