using System.Threading.RateLimiting;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Security;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Hosting.Limits;

/// <summary>
/// What one request or one platform may take of the hub (docs/operations.md, "Limits"): the body size (Kestrel's
/// limit, answered 413 by <see cref="ErrorResponses"/>) and a token bucket per platform on /ocpi, answered 429
/// with <c>Retry-After</c> and an OCPI envelope. The JSON depth limit is the reader's own (64).
/// </summary>
public static class HubLimits
{
    public static WebApplicationBuilder AddHubLimits(this WebApplicationBuilder builder, HubOptions options)
    {
        var rateLimit = options.RateLimit;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        var hubBucket = new TokenBucket(rateLimit.PermitsPerSecond, rateLimit.Burst);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RateLimitSubject>(context =>
                context.Features.Get<RateLimitSubject>() is { } subject
                    ? RateLimitPartition.GetTokenBucketLimiter(subject, s => s.Bucket.LimiterOptions())
                    : RateLimitPartition.GetNoLimiter(RateLimitSubject.Unlimited));
            limiter.OnRejected = (rejected, _) => AnswerAsync(rejected.HttpContext, rejected.Lease);
        });
        builder.Services.AddSingleton(new HubRateLimit(rateLimit.Enabled, hubBucket));
        return builder;
    }

    /// <summary>Names the subject of each OCPI request, then limits it: after routing (the answer needs the version), before the endpoint.</summary>
    public static WebApplication UseHubLimits(this WebApplication app)
    {
        var rateLimit = app.Services.GetRequiredService<HubRateLimit>();
        if (rateLimit.Enabled)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/ocpi"))
                    context.Features.Set(await SubjectAsync(context, rateLimit.Bucket));
                await next(context);
            });
            app.UseRateLimiter();
        }
        return app;
    }

    /// <summary>
    /// The platform whose token the request carries, with its own bucket if its settings name one; else the remote
    /// address (unknown tokens do not each get a bucket of their own). The endpoint authenticates again, as before:
    /// this only says whose bucket pays, from the same in-memory copy of the platforms.
    /// </summary>
    private static async Task<RateLimitSubject> SubjectAsync(HttpContext context, TokenBucket hubBucket)
    {
        var platforms = context.RequestServices.GetRequiredService<IPlatformStore>();
        foreach (var token in Tokens.Candidates(context.Request.Headers.Authorization.FirstOrDefault()))
        {
            if (await platforms.AuthenticateAsync(Tokens.Hash(token), context.RequestAborted) is { } match)
            {
                var settings = match.Platform.Settings;
                var bucket = new TokenBucket(settings.RateLimitPerSecond ?? hubBucket.PermitsPerSecond, settings.RateLimitBurst ?? hubBucket.Burst);
                return new RateLimitSubject("platform:" + match.Platform.Id, bucket);
            }
        }
        return new RateLimitSubject("address:" + context.Connection.RemoteIpAddress, hubBucket);
    }

    private static async ValueTask AnswerAsync(HttpContext context, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await OcpiResults.Error(context.RequestVersion(), OcpiErrorKind.RateLimited, OcpiStatusCodes.HubError,
            $"Too many requests: this platform's rate limit is reached; retry after {seconds} s").ExecuteAsync(context);
    }
}

/// <summary>Whose bucket a request pays from, and that bucket's size: a platform's new settings make a new bucket.</summary>
public sealed record RateLimitSubject(string Partition, TokenBucket Bucket)
{
    public static readonly RateLimitSubject Unlimited = new("", default);
}

/// <summary>The hub's own rate limit (<c>Hub:RateLimit:*</c>), as checked at start.</summary>
public sealed record HubRateLimit(bool Enabled, TokenBucket Bucket);
