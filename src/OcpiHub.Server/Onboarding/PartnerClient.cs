using System.Net.Http.Headers;
using System.Text;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Onboarding;

/// <summary>A partner's answer: its envelope's status and data, or why there was no usable answer.</summary>
public sealed record PartnerAnswer<T>(T? Data, int? StatusCode, string? StatusMessage, int HttpStatus) where T : class
{
    public bool IsSuccess => HttpStatus is >= 200 and < 300 && StatusCode is { } code && OcpiStatusCodes.IsSuccess(code) && Data is not null;

    public string Describe() => $"HTTP {HttpStatus}, OCPI {StatusCode?.ToString() ?? "-"}{(StatusMessage is null ? "" : $": {StatusMessage}")}";
}

/// <summary>
/// Raised when a partner cannot be called at all (refused, timed out, unusable URL or body). <c>Permanent</c>: no
/// later attempt can succeed either (a URL the hub must not call). <c>TimedOut</c>: the call was made but no whole
/// answer came within its budget.
/// </summary>
public sealed class PartnerCallException(string message, bool permanent = false, bool timedOut = false) : Exception(message)
{
    public bool Permanent { get; } = permanent;
    public bool TimedOut { get; } = timedOut;
}

/// <summary>
/// Calls a partner's OCPI endpoints: its token encoded as the platform wants, a new <c>X-Request-ID</c> per
/// call and the correlation id of what caused the call, the envelope read in the partner's version, within a
/// time budget per call. Every call that was sent is recorded in the message log, described by the caller's
/// <see cref="PartnerCallInfo"/>. Lists are read page by page with <see cref="ReadPagesAsync"/>.
/// </summary>
public sealed partial class PartnerClient(HttpClient http, MessageRecorder messages, TimeProvider clock, HubOptions options)
{
    /// <summary>The time budget of a call whose caller names none.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(15);

    public Task<PartnerAnswer<T>> SendAsync<T>(HttpMethod method, string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        object? body = null, PartnerCallInfo? about = null, IEnumerable<KeyValuePair<string, string>>? headers = null, TimeSpan? budget = null,
        CancellationToken cancellationToken = default) where T : class =>
        ExchangeAsync(method, url, auth, version, correlationId, body, about, headers, budget ?? DefaultBudget, (response, answer) =>
        {
            if (answer.Length == 0)
                return (new PartnerAnswer<T>(null, null, null, (int)response.StatusCode), null);
            var envelope = OcpiJson.Read<OcpiResponse<T>>(answer.Span, version).Value;
            return (new PartnerAnswer<T>(envelope?.Data, envelope?.StatusCode, envelope?.StatusMessage, (int)response.StatusCode), envelope?.StatusCode);
        }, cancellationToken);

    public Task<PartnerAnswer<T>> GetAsync<T>(string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        PartnerCallInfo? about = null, TimeSpan? budget = null, CancellationToken cancellationToken = default) where T : class =>
        SendAsync<T>(HttpMethod.Get, url, auth, version, correlationId, null, about, null, budget, cancellationToken);

    /// <summary>
    /// The one sending path: sends, reads the whole body within <paramref name="budget"/> and the hub's size limit, lets
    /// <paramref name="read"/> make the result (and name the OCPI status for the log), and records the call. The body
    /// is returned to its pool after <paramref name="read"/> unless it took it (<see cref="AnswerBody.Take"/>).
    /// </summary>
    private async Task<TResult> ExchangeAsync<TResult>(HttpMethod method, string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        object? body, PartnerCallInfo? about, IEnumerable<KeyValuePair<string, string>>? headers, TimeSpan budget,
        Func<HttpResponseMessage, AnswerBody, (TResult Result, int? OcpiStatus)> read, CancellationToken cancellationToken)
    {
        if (PartnerUrl.Unusable(url) is { } problem)
            throw new PartnerCallException($"{url}: {problem}", permanent: true);
        var requestId = TraceIds.New();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(auth.Token, auth.Base64));
        request.Headers.Add(Tracing.RequestIdHeader, requestId);
        request.Headers.Add(Tracing.CorrelationIdHeader, correlationId);
        foreach (var (name, value) in headers ?? [])
            request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
            request.Content = new StringContent(OcpiJson.Serialize(body, version), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        var exchange = new OutboundExchange(clock, method, url, requestId, correlationId, about);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            exchange.HttpStatus = (int)response.StatusCode;
            if (exchange.HttpStatus is >= 300 and < 400)
                throw new PartnerCallException($"{method} {url}: redirected to {response.Headers.Location?.OriginalString ?? "nowhere"} (HTTP {exchange.HttpStatus}), which the hub does not follow");
            using var answer = await AnswerBody.ReadAsync(response.Content, options.MaxPartnerAnswerBytes, timeout.Token);
            var (result, ocpiStatus) = read(response, answer);
            exchange.OcpiStatus = ocpiStatus;
            return result;
        }
        catch (AnswerTooLargeException e)
        {
            throw new PartnerCallException($"{method} {url}: {e.Message}");
        }
        catch (HttpRequestException e) when (e.InnerException is UnusableAddressException unusable)
        {
            throw new PartnerCallException($"{method} {url}: {unusable.Message}", permanent: true);
        }
        // An answer broken off while its body is read is an IOException (the body is read after the headers).
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var timedOut = e is OperationCanceledException;
            throw new PartnerCallException($"{method} {url} failed: {(timedOut ? $"timed out after {budget.TotalSeconds:0.###} s" : e.Message)}", timedOut: timedOut);
        }
        finally
        {
            messages.Record(exchange.ToEntry);
        }
    }
}

/// <summary>The token the hub sends to a partner and how: raw (2.1.1, or by setting) or Base64.</summary>
public sealed record OutboundAuth(string Token, bool Base64)
{
    public static OutboundAuth For(string token, OcpiVersion version, bool base64Setting) =>
        new(token, base64Setting && version != OcpiVersion.V211);
}
