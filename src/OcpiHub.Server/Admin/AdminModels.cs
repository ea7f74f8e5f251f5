using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Admin;

// The admin API's shapes (snake_case on the wire). Operators' scripts rely on them: change with care.

public sealed record RegisterPlatformRequest(string? Name, string? Role, string? CountryCode, string? PartyId);

public sealed record RegisterPlatformResponse(string Id, string TokenA, string VersionsUrl);

public sealed record ConnectPlatformRequest(string? Name, string? VersionsUrl, string? TokenA, string? Role, string? CountryCode, string? PartyId);

public sealed record PartyView(string CountryCode, string PartyId, string Role);

public sealed record PlatformView(string Id, string Name, string Status, string? Version, string? VersionsUrl,
    IReadOnlyList<PartyView> Parties, PlatformSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt)
{
    public static PlatformView Of(Platform p) => new(p.Id, p.Name, p.Status.ToString().ToUpperInvariant(), p.Version?.ToWire(),
        p.VersionsUrl, p.PartiesOrDeclared.Select(x => new PartyView(x.Key.CountryCode, x.Key.PartyId, x.Role)).ToList(),
        p.Settings, p.CreatedAt, p.LastSeenAt);
}

public sealed record CreateAgreementRequest(string? Cpo, string? Emsp);

/// <summary>An agreement; <c>catching_up</c> while it is still bringing a party the other's stored data.</summary>
public sealed record AgreementView(string Id, string Cpo, string Emsp, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool CatchingUp = false)
{
    public static AgreementView Of(Agreement a) => new(a.Id, a.Cpo.ToString(), a.Emsp.ToString(), a.Status.ToString().ToUpperInvariant(), a.CreatedAt, a.UpdatedAt);
}

/// <summary>A message log entry; <c>from</c> and <c>to</c> are the parties (<c>CC*PID</c>), <c>http_status</c> 0 when no answer came.</summary>
public sealed record MessageView(DateTimeOffset Time, string Direction, string? PlatformId, string? From, string? To, string? Module,
    string Method, string Path, int? OcpiStatus, int HttpStatus, int LatencyMs, string RequestId, string CorrelationId, IReadOnlyList<string>? TranslationLosses)
{
    public static MessageView Of(MessageEntry m) => new(m.Time, m.Direction.ToString().ToUpperInvariant(), m.PlatformId, m.From, m.To, m.Module,
        m.Method, m.Path, m.OcpiStatus, m.HttpStatus, m.LatencyMs, m.RequestId, m.CorrelationId, m.TranslationLosses);
}

/// <summary>
/// A platform PATCH as the OpenAPI document describes it: each part optional, settings merged field by field (read as
/// JSON, see <see cref="PlatformChanges"/>, so that an unknown field is refused rather than ignored).
/// </summary>
public sealed record EditPlatformRequest(string? Name, PlatformSettings? Settings);

/// <summary>A delivery as operators see it.</summary>
public sealed record DeliveryView(long Id, string ReceiverPlatform, string Receiver, string Sender, string Module, string Owner,
    string Method, string Path, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, string? LastError, string CorrelationId)
{
    public static DeliveryView Of(Delivery d) => new(d.Seq, d.ReceiverPlatformId, d.Receiver.ToString(), d.Sender.ToString(),
        d.Module.ToString().ToLowerInvariant(), d.Owner.ToString(), d.Method, d.Path,
        d.Status == DeliveryStatus.Pending && d.Attempts > 0 ? "FAILED" : d.Status.ToString().ToUpperInvariant(),
        d.Attempts, d.NextAttemptAt, d.CreatedAt, d.LastError, d.CorrelationId);
}

/// <summary>How many objects of a module an owner has in the hub's store; for Locations also their EVSEs (else 0).</summary>
public sealed record ObjectCountView(string Owner, string Module, int Objects, int Evses)
{
    public static ObjectCountView Of(ObjectCount c) => new(c.Owner.ToString(), c.Module.Identifier(), c.Objects, c.Evses);
}

/// <summary>A delivery re-driven: due at once.</summary>
public sealed record RedrivenDelivery(long Id, string Status);
