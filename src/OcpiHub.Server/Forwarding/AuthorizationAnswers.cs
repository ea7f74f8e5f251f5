using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting.Telemetry;
using OcpiHub.Server.Ocpi;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Forwarding;

/// <summary>
/// The eMSPs' answers to one real-time authorization: asked of one eMSP, or of several at once (the first
/// <c>ALLOWED</c> wins, else the answer that says most), and the chosen one as the CPO's version reads it.
/// </summary>
internal sealed class AuthorizationAnswers(IDataStore data, HubTelemetry telemetry, string uid, string type, string tokenKey,
    IReadOnlyList<StoredObject> storedTokens)
{
    /// <summary>
    /// One eMSP's answer, its AuthorizationInfo read once: <see cref="Info"/> as its version reads it, or why there is
    /// none the hub can read (<see cref="Problem"/>); <see cref="FaultyToken"/> what was wrong with a token left out.
    /// </summary>
    internal sealed record Answer(ForwardOutcome Outcome, OcpiObject? Info, string? Problem, string? FaultyToken)
    {
        public bool Allows => Info switch
        {
            Protocol.V211.AuthorizationInfo old => old.Allowed == AllowedType.Allowed,
            V230.AuthorizationInfo info => info.Allowed == AllowedType.Allowed,
            _ => false,
        };
    }

    public async Task<Answer> AskAsync(IReadOnlyList<PartyKey> receivers, Func<PartyKey, CancellationToken, Task<ForwardOutcome>> ask,
        CancellationToken cancellationToken)
    {
        if (receivers.Count == 1)
            return Read(await ask(receivers[0], cancellationToken));

        // The others are not waited for once one allows: the driver is at the charger.
        var others = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = receivers.Select(r => ask(r, others.Token)).ToList();
        Answer? best = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            var answer = Read(await done);
            if (answer.Allows)
            {
                await others.CancelAsync();
                return answer;
            }
            if (best is null || Rank(answer) > Rank(best))
                best = answer;
        }
        others.Dispose();
        return best!;
    }

    /// <summary>The answer for the CPO: the eMSP's status and message unchanged, its AuthorizationInfo in the CPO's version.</summary>
    public async Task<IResult> ToCpoAsync(HttpContext context, OcpiVersion version, Answer answer)
    {
        var outcome = answer.Outcome;
        if (IsUnknownToken(outcome))
        {
            RoutingHeaders.AnswerFor(context, outcome.Receiver);
            return new OcpiResult(null, version, OcpiStatusCodes.UnknownToken, outcome.Message ?? $"{outcome.Receiver} does not know the token",
                OcpiErrorKind.NoSuchResource.HttpStatus());
        }
        if (!outcome.Answered)
            return OcpiResults.Refused(version, outcome.OcpiStatus, outcome.Message ?? "the eMSP could not be asked");
        RoutingHeaders.AnswerFor(context, outcome.Receiver);
        if (!outcome.IsSuccess)
            return new OcpiResult(null, version, outcome.OcpiStatus, outcome.Message, OcpiErrorKind.Refused.HttpStatus());
        if (answer.Info is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.HubError, $"{outcome.Receiver} answered with no AuthorizationInfo the hub can read: {answer.Problem}");

        var translation = new TranslationContext(new PartyRef(outcome.Receiver.CountryCode, outcome.Receiver.PartyId));
        if (answer.FaultyToken is { } faulty)
            translation.Lost("AuthorizationInfo", "token", outcome.ReceiverVersion!.Value, version, $"the eMSP's token was invalid ({faulty}): the hub's is sent");
        var info = await CanonicalAsync(answer, context.RequestAborted);
        var body = Translators.FromCanonical(info, version, translation);
        telemetry.Lost(context.Caller().Platform.Id, DataModule.Tokens.Identifier(), translation.Losses);
        return new OcpiResult(body, version, outcome.OcpiStatus, outcome.Message, StatusCodes.Status200OK);
    }

    /// <summary>
    /// The eMSP's AuthorizationInfo as canonical. Where its version has no token (2.1.1), or it sent none or a faulty one,
    /// the token is the one the hub stores for that eMSP, else the least the hub knows of it (uid, type, owner).
    /// </summary>
    private async Task<V230.AuthorizationInfo> CanonicalAsync(Answer answer, CancellationToken cancellationToken)
    {
        var receiver = answer.Outcome.Receiver;
        var owner = new TranslationContext(new PartyRef(receiver.CountryCode, receiver.PartyId));
        var info = answer.Info is Protocol.V211.AuthorizationInfo old
            ? Protocol.V211.Translator.ToCanonical(old, null, owner)
            : (V230.AuthorizationInfo)Translators.ToCanonical(answer.Info!, answer.Outcome.ReceiverVersion!.Value, owner);
        return info.Token is not null ? info : info with { Token = await TokenAsync(receiver, info.Allowed, cancellationToken) };
    }

    /// <summary>
    /// The AuthorizationInfo of an eMSP's success as its version reads it, or why there is none the hub can read: no data,
    /// data of another shape (a list, a string), an invalid one (<c>allowed</c> missing or of no AllowedType). A missing
    /// or faulty token is no problem: the decision is <c>allowed</c>, and the hub adds the token it knows
    /// (<see cref="CanonicalAsync"/>).
    /// </summary>
    private static Answer Read(ForwardOutcome outcome)
    {
        var model = outcome.ReceiverVersion == OcpiVersion.V211 ? typeof(Protocol.V211.AuthorizationInfo) : typeof(V230.AuthorizationInfo);
        if (!outcome.IsSuccess || outcome.ReadData(model) is not { } read)
            return new(outcome, null, "no data", null);
        string? faultyToken = null;
        if (outcome.Data is JsonObject data && read.Problems.Where(IsOfFaultyToken).ToList() is { Count: > 0 } tokenProblems)
        {
            faultyToken = tokenProblems.ToStatusMessage();
            read = (outcome with { Data = Without(data, "token") }).ReadData(model)!;
        }
        var problems = read.Problems.Where(p => p != TokenMissing).ToList();
        return read.Value is OcpiObject info && problems.Count == 0 ? new(outcome, info, null, faultyToken) : new(outcome, null, problems.ToStatusMessage(), null);
    }

    private static readonly ValidationProblem TokenMissing = new("$.token", "required field missing");

    private static bool IsOfFaultyToken(ValidationProblem problem) =>
        problem != TokenMissing && (problem.Path == "$.token" || problem.Path.StartsWith("$.token.", StringComparison.Ordinal));

    private static JsonObject Without(JsonObject data, string field) =>
        new(data.Where(f => f.Key != field).Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())));

    private async Task<V230.Token> TokenAsync(PartyKey owner, AllowedType? allowed, CancellationToken cancellationToken)
    {
        var stored = storedTokens.FirstOrDefault(t => t.Owner == owner) ?? await data.FindAsync(DataModule.Tokens, owner, tokenKey, cancellationToken);
        if (stored is not null)
            return (V230.Token)Canonical.FromJson(stored.Body, typeof(V230.Token)) with { CountryCode = owner.CountryCode, PartyId = owner.PartyId };
        return new V230.Token
        {
            CountryCode = owner.CountryCode, PartyId = owner.PartyId, Uid = uid, Type = TokenType.From(type), ContractId = uid,
            Issuer = owner.ToString(), Valid = allowed == AllowedType.Allowed, Whitelist = WhitelistType.Never, LastUpdated = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// How much an answer says: an AuthorizationInfo, then an eMSP's error, then the failure of an eMSP the hub knows to
    /// hold the token (no answer, or none the hub can read), then "unknown token", then any other failure. The holder's
    /// failure outranks another eMSP's "unknown": told 2004, the CPO refuses; told that the eMSP could not be reached, it
    /// may decide as the token's whitelist says (2.2.1 ALLOWED_OFFLINE: allow when the eMSP cannot be reached).
    /// </summary>
    private int Rank(Answer answer) => answer.Outcome switch
    {
        { IsSuccess: true } when answer.Info is not null => 4,
        var outcome when IsUnknownToken(outcome) => 1,
        { IsSuccess: false, Answered: true } => 3,
        var outcome when storedTokens.Any(t => t.Owner == outcome.Receiver) => 2,
        _ => 0,
    };

    /// <summary>
    /// The eMSP does not know the token: 2004, or HTTP 404 with the generic 2000 (2.1.1 has no 2004; OCPI asks an eMSP
    /// for a 404). The CPO is told 2004 with HTTP 404. A 404 with another error, or with no OCPI answer at all (an
    /// address that is wrong), stays what it is.
    /// </summary>
    private static bool IsUnknownToken(ForwardOutcome outcome) =>
        outcome.Answered && (outcome.OcpiStatus == OcpiStatusCodes.UnknownToken
            || (outcome.HttpStatus == StatusCodes.Status404NotFound && outcome.OcpiStatus == OcpiStatusCodes.ClientError));
}
