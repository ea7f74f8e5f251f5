using System.Text.Json.Nodes;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Simulator;

/// <summary>
/// A scripted answer to a module request: the envelope's data and status, and the HTTP status; or, with
/// <paramref name="RedirectTo"/>, no envelope but that URL as the <c>Location</c> of a redirect of <paramref name="HttpStatus"/>.
/// </summary>
public sealed record SimulatedResponse(JsonNode? Data = null, int OcpiStatus = OcpiStatusCodes.Success, int HttpStatus = 200, string? Message = null,
    string? RedirectTo = null);
