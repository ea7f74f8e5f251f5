using System.Text;
using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Forwarding;

/// <summary>What a forwarded request is, for its time budget (<c>Hub:Forwarding:*TimeoutSeconds</c>).</summary>
public enum ForwardKind
{
    Authorization,
    Command,
}

/// <summary>
/// One request the hub forwards in real time, on behalf of <paramref name="Sender"/>, to <paramref name="Receiver"/>'s
/// endpoint of <paramref name="Module"/> in <paramref name="Role"/>: <paramref name="Path"/> (with its query) below the
/// endpoint's URL, and the body as the receiver's version reads it (<paramref name="BodyFor"/>, null for none).
/// <paramref name="Arrived"/>: when the request being answered reached the hub (a <see cref="TimeProvider"/> timestamp),
/// so that the budget also covers the hub's own work before the call, as the sender waits for all of it; null: the
/// budget runs from the call.
/// </summary>
public sealed record ForwardCall(
    ForwardKind Kind,
    PartyKey Sender,
    PartyKey Receiver,
    string Module,
    InterfaceRole Role,
    HttpMethod Method,
    string Path,
    Func<OcpiVersion, object?>? BodyFor = null,
    long? Arrived = null);

/// <summary>
/// How a forwarded request ended: the receiver's OCPI answer (<see cref="Answered"/>: its status, message and data
/// in its version, for the caller to translate and pass back unchanged), or the hub's own failure (4001 no such
/// receiver or endpoint, 4002 timed out, 4003 connection problem, 4000 an answer that is no OCPI answer).
/// </summary>
public sealed record ForwardOutcome(PartyKey Receiver, int OcpiStatus, string? Message, JsonNode? Data = null, OcpiVersion? ReceiverVersion = null)
{
    /// <summary>The receiver gave an OCPI answer (success or error); otherwise the hub failed to get one.</summary>
    public bool Answered => ReceiverVersion is not null;

    public bool IsSuccess => Answered && OcpiStatusCodes.IsSuccess(OcpiStatus);

    /// <summary>The HTTP status of the receiver's answer, when it gave one.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>
    /// The receiver's data read in its version as the canonical <typeparamref name="T"/>; null when it sent none or
    /// none that is valid.
    /// </summary>
    public T? CanonicalData<T>() where T : class =>
        ReadData(typeof(T)) is { IsValid: true } read ? (T)Translators.ToCanonical(read.Value!, ReceiverVersion!.Value, new TranslationContext()) : null;

    /// <summary>The receiver's data read and validated in its version as <paramref name="model"/>; null when it sent none.</summary>
    public ReadResult<object>? ReadData(Type model) =>
        Data is null || ReceiverVersion is not { } version ? null : OcpiJson.Read(Encoding.UTF8.GetBytes(Data.ToJsonString()), model, version);

    public static ForwardOutcome Failed(PartyKey receiver, int hubStatus, string message) => new(receiver, hubStatus, message);
}
