using System.Text.Json.Nodes;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;
using OcpiHub.Server.Data;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Commands;

/// <summary>
/// The hub's response URLs: <c>POST /ocpi/{version}/sender/commands/{command}/{id}</c>, where the CPO a command went
/// to posts its result (2.2.1+: a CommandResult; 2.1.1: a CommandResponse, or the bare enum some 2.1.1 CPOs send),
/// and <c>POST /ocpi/{version}/sender/chargingprofiles/{request}/{id}</c> for the *Result of a charging-profile request.
/// Only that CPO's platform may post it, once (and after an accepted RESERVE_NOW, its cancellation of the reservation
/// once more); the result is queued for the eMSP's own response URL (see
/// <see cref="CommandRelays"/>) and logged under the command's correlation id.
/// </summary>
public static class CommandResultEndpoints
{
    public static void MapCommandResults(this IEndpointRouteBuilder ocpi)
    {
        foreach (var module in new[] { "commands", "chargingprofiles" })
        {
            ocpi.MapGroup($"/{{version}}/sender/{module}/{{command}}/{{id}}")
                .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
                .RequirePlatform(registrationTokenAllowed: false)
                .WithRoutingHeaders(Party.Cpo)
                .Supports(OcpiMethods.Post)
                .MapPost("", PostAsync);
        }
    }

    private static async Task<IResult> PostAsync(HttpContext context, string id, ICommandStore store, CommandRelays relays)
    {
        var version = context.RequestVersion();
        if (await store.FindAsync(id, context.RequestAborted) is not { } relay)
            return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.InvalidOrMissingParameters, $"no command awaits a result at {id}");
        // The operator follows the command, its hop, this result and its relay under one correlation id.
        context.Ocpi().CorrelationId = relay.CorrelationId;
        if (context.Caller().Platform.Id != relay.CpoPlatformId)
            return OcpiResults.Refused(version, OcpiStatusCodes.ClientError, "only the CPO the command was sent to may post its result");
        var (result, problem) = Read(await OcpiBody.ReadAsync(context), version, RelayedResults.ModelOf(relay.Command));
        if (result is null)
            return problem!;
        if (!relay.Takes(RelayedResults.ValueOf(result)))
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, relay.State switch
            {
                CommandState.TimedOut => "the result of this command was given as TIMEOUT already",
                CommandState.Failed => $"the eMSP was answered {relay.Answer} for this command and awaits no result",
                _ => "the result of this command was received already",
            });
        return await relays.RelayAsync(relay, result, context.RequestAborted)
            ? OcpiResults.Ok(version)
            : OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, "the result of this command was received or timed out meanwhile");
    }

    /// <summary>The result as a canonical <paramref name="model"/> (CommandResult, or a charging-profile *Result), read in the CPO's version.</summary>
    private static (object? Result, IResult? Problem) Read(byte[] body, OcpiVersion version, Type model)
    {
        if (version != OcpiVersion.V211)
        {
            var read = OcpiJson.Read(body, model, version);
            return read.Value is null || read.Problems.Count > 0
                ? (null, OcpiResults.InvalidBody(version, read))
                : (Translators.ToCanonical(read.Value, version, new TranslationContext()), null);
        }
        var response = OcpiJson.Read<CommandResponse>(BareEnumAsObject(body), version);
        return response.Value is null || response.Problems.Count > 0
            ? (null, OcpiResults.InvalidBody(version, response))
            : (Protocol.V211.Translator.ToCanonicalResult(response.Value, new TranslationContext()), null);
    }

    // Early 2.1.1 texts describe the result as the CommandResponseType alone: "ACCEPTED".
    private static byte[] BareEnumAsObject(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonValue value && value.TryGetValue<string>(out var result)
                ? System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["result"] = result }.ToJsonString())
                : body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }
}
