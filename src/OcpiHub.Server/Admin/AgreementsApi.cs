using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Admin;

/// <summary><c>/admin/agreements</c>: make, list, suspend and end roaming agreements between a CPO and an eMSP.</summary>
public static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder admin)
    {
        var agreements = admin.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapPost("", CreateAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        agreements.MapGet("", async (IAgreementStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.AllAsync(cancellationToken)).Select(AgreementView.Of).ToList()));
        agreements.MapPost("/{id}/suspend", (string id, HttpContext context, AgreementService service) =>
            Guarded(async () => TypedResults.Ok(AgreementView.Of(await service.SuspendAsync(id, context.CorrelationId(), context.RequestAborted)))))
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        agreements.MapDelete("/{id}", (string id, HttpContext context, AgreementService service) =>
            Guarded(async () => TypedResults.Ok(AgreementView.Of(await service.EndAsync(id, context.CorrelationId(), context.RequestAborted)))))
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return admin;
    }

    private static async Task<Results<Created<AgreementView>, AdminProblem>> CreateAsync(AdminBody<CreateAgreementRequest> request,
        AgreementService service, HttpContext context)
    {
        if (request.Value is not { } body)
            return request.Problem!;
        if (!PartyKey.TryParse(body.Cpo, out var cpo) || !PartyKey.TryParse(body.Emsp, out var emsp))
            return AdminProblem.BadRequest("cpo and emsp are required, each as COUNTRY*PARTY (e.g. NL*ABC)");
        return await Guarded(async () =>
        {
            var agreement = AgreementView.Of(await service.CreateAsync(cpo, emsp, context.CorrelationId(), context.RequestAborted));
            return TypedResults.Created($"/admin/agreements/{agreement.Id}", agreement);
        });
    }

    /// <summary>The answer of <paramref name="action"/>, or the agreement rule it broke (unknown party, an agreement already there, …).</summary>
    private static async Task<Results<TAnswer, AdminProblem>> Guarded<TAnswer>(Func<Task<TAnswer>> action) where TAnswer : IResult
    {
        try
        {
            return await action();
        }
        catch (AgreementException e)
        {
            return AdminProblem.Of(e.HttpStatus, e.Message);
        }
    }
}
