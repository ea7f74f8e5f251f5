using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace OcpiHub.Server.Admin;

/// <summary>
/// An admin error as problem details (RFC 9457, <c>application/problem+json</c>): <c>status</c>, <c>title</c> (the
/// status's name) and <c>detail</c> (what was wrong). <c>error</c> repeats the detail for the scripts and the CLI
/// that read it; <c>ocpi_status_code</c> is the OCPI status behind a failed handshake.
/// </summary>
public sealed record AdminError(int Status, string Title, string Detail, int? OcpiStatusCode = null)
{
    public string Error => Detail;

    public static AdminError Of(int status, string detail, int? ocpiStatusCode = null) =>
        new(status, ReasonPhrases.GetReasonPhrase(status), detail, ocpiStatusCode);
}

/// <summary>An admin error as an endpoint's typed result; the statuses an endpoint answers are declared with <see cref="AdminProblems.ProducesAdminProblems{T}"/>.</summary>
public sealed class AdminProblem(AdminError error) : IResult, IStatusCodeHttpResult, IValueHttpResult<AdminError>, IValueHttpResult, IContentTypeHttpResult
{
    public const string ContentType = "application/problem+json";

    public AdminError Value => error;
    object IValueHttpResult.Value => error;
    public int? StatusCode => error.Status;
    string IContentTypeHttpResult.ContentType => ContentType;

    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(error, AdminJson.Options, ContentType, context.RequestAborted);
    }

    public static AdminProblem Of(int status, string detail, int? ocpiStatusCode = null) => new(AdminError.Of(status, detail, ocpiStatusCode));

    public static AdminProblem BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, detail);

    public static AdminProblem NotFound(string detail) => Of(StatusCodes.Status404NotFound, detail);

    public static AdminProblem Conflict(string detail) => Of(StatusCodes.Status409Conflict, detail);
}

public static class AdminProblems
{
    /// <summary>Declares, for the OpenAPI document, the error statuses an endpoint (or every endpoint of a group) answers.</summary>
    public static TBuilder ProducesAdminProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(AdminError), [AdminProblem.ContentType]));
        return builder;
    }
}
