using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Ocpi;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Forwarding;

/// <summary>
/// The eMSPs' answers to one real-time authorization: asked of one eMSP, or of several at once (the first
/// <c>ALLOWED</c> wins, else the answer that says most), and the chosen one as the CPO's version reads it.
/// </summary>
internal sealed class AuthorizationAnswers(IDataStore data, string uid, string type, string tokenKey, IReadOnlyList<StoredObject> storedTokens)
{
    public async Task<ForwardOutcome> AskAsync(IReadOnlyList<PartyKey> receivers, Func<PartyKey, CancellationToken, Task<ForwardOutcome>> ask,
        CancellationToken cancellationToken)
    {
        if (receivers.Count == 1)
            return await ask(receivers[0], cancellationToken);

        // The others are not waited for once one allows: the driver is at the charger.
        var others = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = receivers.Select(r => ask(r, others.Token)).ToList();
        ForwardOutcome? best = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            var outcome = await done;
            if (Allows(outcome))
            {
                await others.CancelAsync();
                return outcome;
            }
            if (best is null || Rank(outcome) > Rank(best))
                best = outcome;
        }
        others.Dispose();
        return best!;
    }

    /// <summary>The answer for the CPO: the eMSP's status and message unchanged, its AuthorizationInfo in the CPO's version.</summary>
    public async Task<IResult> ToCpoAsync(HttpContext context, OcpiVersion version, ForwardOutcome outcome)
    {
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
        var (info, problem) = await CanonicalAsync(outcome, context.RequestAborted);
        if (info is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.HubError, $"{outcome.Receiver} answered with no AuthorizationInfo the hub can read: {problem}");
        var translation = new TranslationContext(new PartyRef(outcome.Receiver.CountryCode, outcome.Receiver.PartyId));
        return new OcpiResult(Translators.FromCanonical(info, version, translation), version, outcome.OcpiStatus, outcome.Message, StatusCodes.Status200OK);
    }

    /// <summary>
    /// The eMSP's AuthorizationInfo as canonical, or what is wrong with it. Where its version has no token (2.1.1) or it
    /// sent none, the token is the one the hub stores for that eMSP, else the least the hub knows of it (uid, type, owner).
    /// </summary>
    private async Task<(V230.AuthorizationInfo? Info, string? Problem)> CanonicalAsync(ForwardOutcome outcome, CancellationToken cancellationToken)
    {
        var (read, problem) = Read(outcome);
        if (read is null)
            return (null, problem);
        var owner = new PartyRef(outcome.Receiver.CountryCode, outcome.Receiver.PartyId);
        var info = read is Protocol.V211.AuthorizationInfo old
            ? Protocol.V211.Translator.ToCanonical(old, null, new TranslationContext(owner))
            : (V230.AuthorizationInfo)Translators.ToCanonical(read, outcome.ReceiverVersion!.Value, new TranslationContext(owner));
        return (info.Token is not null ? info : info with { Token = await TokenAsync(outcome.Receiver, info.Allowed, cancellationToken) }, null);
    }

    /// <summary>
    /// The AuthorizationInfo of an eMSP's success as its version reads it, or why there is none the hub can read: no data,
    /// data of another shape (a list, a string), an invalid one (<c>allowed</c> missing or of no AllowedType). A missing
    /// token is no problem: the hub adds the one it knows (<see cref="CanonicalAsync"/>).
    /// </summary>
    private static (OcpiObject? Info, string? Problem) Read(ForwardOutcome outcome)
    {
        var model = outcome.ReceiverVersion == OcpiVersion.V211 ? typeof(Protocol.V211.AuthorizationInfo) : typeof(V230.AuthorizationInfo);
        if (!outcome.IsSuccess || outcome.ReadData(model) is not { } read)
            return (null, "no data");
        var problems = read.Problems.Where(p => p != TokenMissing).ToList();
        return read.Value is OcpiObject info && problems.Count == 0 ? (info, null) : (null, problems.ToStatusMessage());
    }

    private static readonly ValidationProblem TokenMissing = new("$.token", "required field missing");

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

    private static bool Allows(ForwardOutcome outcome) => Read(outcome).Info switch
    {
        Protocol.V211.AuthorizationInfo old => old.Allowed == AllowedType.Allowed,
        V230.AuthorizationInfo info => info.Allowed == AllowedType.Allowed,
        _ => false,
    };

    /// <summary>
    /// How much an answer says: an AuthorizationInfo, then an eMSP's error, then "unknown token", then no answer at all or
    /// a success whose AuthorizationInfo the hub cannot read.
    /// </summary>
    private static int Rank(ForwardOutcome outcome) => outcome switch
    {
        { IsSuccess: true } => Read(outcome).Info is null ? 0 : 3,
        _ when IsUnknownToken(outcome) => 1,
        { Answered: true } => 2,
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
