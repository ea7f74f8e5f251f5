using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Admin;

/// <summary><c>/admin/agreements</c>: make, list, suspend, resume and end roaming agreements between a CPO and an eMSP.</summary>
public static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder admin)
    {
        var agreements = admin.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapPost("", CreateAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        agreements.MapGet("", async (IAgreementStore store, ICatchUpStore catchUps, CancellationToken cancellationToken) =>
        {
            var catchingUp = await CatchingUpAsync(catchUps, cancellationToken);
            return TypedResults.Ok((await store.AllAsync(cancellationToken)).Select(a => AgreementView.Of(a) with { CatchingUp = catchingUp.Contains(a.Id) }).ToList());
        });
        agreements.MapPost("/{id}/suspend", (string id, HttpContext context, AgreementService service, ICatchUpStore catchUps) =>
            Guarded(async () => TypedResults.Ok(await ViewAsync(await service.SuspendAsync(id, context.CorrelationId(), context.RequestAborted), catchUps))))
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        agreements.MapPost("/{id}/resume", (string id, HttpContext context, AgreementService service, ICatchUpStore catchUps) =>
            Guarded(async () => TypedResults.Ok(await ViewAsync(await service.ResumeAsync(id, context.CorrelationId(), context.RequestAborted), catchUps))))
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        agreements.MapDelete("/{id}", (string id, HttpContext context, AgreementService service, ICatchUpStore catchUps) =>
            Guarded(async () => TypedResults.Ok(await ViewAsync(await service.EndAsync(id, context.CorrelationId(), context.RequestAborted), catchUps))))
            .ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return admin;
    }

    private static async Task<HashSet<string>> CatchingUpAsync(ICatchUpStore catchUps, CancellationToken cancellationToken) =>
        (await catchUps.PendingAsync(cancellationToken)).Select(c => c.AgreementId).ToHashSet();

    private static async Task<AgreementView> ViewAsync(Agreement agreement, ICatchUpStore catchUps) =>
        AgreementView.Of(agreement) with { CatchingUp = (await CatchingUpAsync(catchUps, CancellationToken.None)).Contains(agreement.Id) };

    private static async Task<Results<Created<AgreementView>, AdminProblem>> CreateAsync(AdminBody<CreateAgreementRequest> request,
        AgreementService service, ICatchUpStore catchUps, HttpContext context)
    {
        if (request.Value is not { } body)
            return request.Problem!;
        if (!PartyKey.TryParse(body.Cpo, out var cpo) || !PartyKey.TryParse(body.Emsp, out var emsp))
            return AdminProblem.BadRequest("cpo and emsp are required, each as COUNTRY*PARTY (e.g. NL*ABC)");
        return await Guarded(async () =>
        {
            var agreement = await ViewAsync(await service.CreateAsync(cpo, emsp, context.CorrelationId(), context.RequestAborted), catchUps);
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
