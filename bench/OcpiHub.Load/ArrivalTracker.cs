using System.Collections.Concurrent;
using System.Diagnostics;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// Tells when every receiver has got a change: receivers report each module request (on their Kestrel threads),
/// matched to a round by its <c>X-Correlation-ID</c>; the round completes at the arrival that makes it whole.
/// </summary>
public sealed class ArrivalTracker
{
    private readonly ConcurrentDictionary<string, Round> rounds = new();

    public Round Expect(string correlationId, int receivers)
    {
        var round = new Round(receivers);
        rounds[correlationId] = round;
        return round;
    }

    /// <summary>A receiver's module responder: counts the request, answers with the default success.</summary>
    public SimulatedResponse? Arrived(RecordedRequest request)
    {
        if (request.Header("X-Correlation-ID") is { } id && rounds.TryGetValue(id, out var round))
            round.Arrive();
        return null;
    }

    public sealed class Round(int expected)
    {
        private readonly TaskCompletionSource<long> complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int arrived;

        /// <summary>The <see cref="Stopwatch"/> timestamp of the last arrival.</summary>
        public async Task<long> CompleteAsync(TimeSpan timeout)
        {
            try
            {
                return await complete.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"only {Volatile.Read(ref arrived)} of {expected} receivers got the change within {timeout}");
            }
        }

        public void Arrive()
        {
            if (Interlocked.Increment(ref arrived) == expected)
                complete.TrySetResult(Stopwatch.GetTimestamp());
        }
    }
}
