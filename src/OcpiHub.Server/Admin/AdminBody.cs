using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace OcpiHub.Server.Admin;

/// <summary>
/// A request body of the admin API: the <typeparamref name="T"/> sent, or why the body is not one (answered as a 400
/// saying so, where the framework's own binding answers a bare 400). Described in the OpenAPI document as <typeparamref name="T"/>.
/// </summary>
public sealed class AdminBody<T> : IBindableFromHttpContext<AdminBody<T>>, IEndpointParameterMetadataProvider where T : class
{
    private readonly string? problem;

    private AdminBody(T? value, string? problem)
    {
        Value = value;
        this.problem = problem;
    }

    public T? Value { get; }

    /// <summary>Why the body could not be read, as a 400 to answer; null when <see cref="Value"/> is set.</summary>
    public AdminProblem? Problem => problem is null ? null : AdminProblem.BadRequest(problem);

    public static async ValueTask<AdminBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (value, problem) = await AdminJson.ParseAsync<T>(context);
        return new(value, problem);
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));
}
