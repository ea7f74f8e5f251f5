using Microsoft.AspNetCore.Http;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Simulator;

/// <summary>Request bodies read as a model of the partner's version, and the answer when they are not acceptable.</summary>
internal static class RequestBody
{
    public static async Task<ReadResult<object>> ReadAsync(HttpContext http, Type model, OcpiVersion version)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        return OcpiJson.Read(body.ToArray(), model, version);
    }

    /// <summary>
    /// Null when the body is acceptable. Malformed JSON is HTTP 400; a readable but invalid object has reached
    /// the OCPI layer, so it is HTTP 200 with status 2001 (spec, HTTP status usage).
    /// </summary>
    public static OcpiResult? Rejection(ReadResult<object> read, IEnumerable<ValidationProblem>? moreProblems = null)
    {
        if (read.Value is null)
            return new(StatusCodes.Status400BadRequest, OcpiStatusCodes.InvalidOrMissingParameters, message: read.Problems.ToStatusMessage());
        var problems = read.Problems.Concat(moreProblems ?? []).ToList();
        return problems.Count == 0
            ? null
            : new(StatusCodes.Status200OK, OcpiStatusCodes.InvalidOrMissingParameters, message: problems.ToStatusMessage());
    }
}
