using System.Text.Json;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Telemetry;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Onboarding;
using OcpiHub.Storage;

namespace OcpiHub.Server.Sync;

/// <summary>
/// Runs one sync run to its end: reads the platform's sender interface of the module page by page (from the run's
/// next URL when it was cut off), applies every valid object of the platform's own parties through the
/// <see cref="ChangePipeline"/> as a pull, and records each page before asking the next, so a stop loses nothing.
/// The run is held under this node's lease, renewed at every page and in between: of several nodes one runs it, and
/// when that node dies another takes it over once the lease has passed, from the page recorded last.
/// </summary>
public sealed class SyncRunner(ISyncRunStore runs, IPlatformStore platforms, PartnerClient client, HubSecrets secrets, HubOptions hub,
    ChangePipeline pipeline, Core.Data.IDataStore data, StoreLookup lookup, HubNode node, TimeProvider clock, ILogger<SyncRunner> log, HubTelemetry telemetry)
{
    public const int PageRetries = 3;

    public async Task RunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!await runs.ClaimAsync(runId, Lease(), cancellationToken) || await runs.FindAsync(runId, cancellationToken) is not { Run: var run })
            return;
        using var scope = log.BeginCorrelationScope(run.CorrelationId);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = KeepLeaseAsync(run.Id, held);
        try
        {
            await RunHeldAsync(run, held.Token);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning("sync run {RunId}: node {NodeId} lost its lease (the run ended or another node took it over); stopped", run.Id, node.Id);
        }
        finally
        {
            await held.CancelAsync();
            await renewing;
        }
    }

    private NodeLease Lease() => new(node.Id, clock.GetUtcNow() + hub.Sync.Lease);

    /// <summary>Renews the run's lease a third of a lease apart until <paramref name="held"/> ends; cancels it when the lease is lost.</summary>
    private async Task KeepLeaseAsync(string runId, CancellationTokenSource held)
    {
        try
        {
            while (true)
            {
                await Task.Delay(hub.Sync.Lease / 3, clock, held.Token);
                if (!await runs.RenewAsync(runId, Lease(), held.Token))
                {
                    await held.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended (or was stopped): nothing more to hold.
        }
        catch (Exception e)
        {
            // The database is out of reach: the pages cannot be recorded either; the lease lapses and the run is taken over.
            log.LogError(e, "sync run {RunId}: renewing the lease failed", runId);
            await held.CancelAsync();
        }
    }

    private async Task RunHeldAsync(SyncRun run, CancellationToken cancellationToken)
    {
        var platform = await platforms.FindAsync(run.PlatformId, cancellationToken);
        var source = platform is null ? null : SyncSources.Of(platform).FirstOrDefault(s => s.Module == run.Module);
        var token = platform is null ? null : secrets.OpenToken(await platforms.OutboundTokenAsync(platform.Id, cancellationToken));
        if (platform is not { Version: { } version } || source is null || token is null)
        {
            await FinishAsync(run, SyncStatus.Failed, $"platform {run.PlatformId} no longer sends {run.Module.Identifier()}, or the hub holds no token it can call it with", cancellationToken);
            return;
        }

        var shape = DataShapes.For(run.Module);
        var owners = platform.PartiesOrDeclared.Where(p => p.Role == run.Module.OwnerRole()).Select(p => p.Key).Distinct().ToList();
        var auth = OutboundAuth.For(token, version, platform.Settings.OutboundTokenBase64);
        var hubParty = new PartyKey(hub.CountryCode, hub.PartyId);
        PartyKey? to = owners.Count == 1 ? owners[0] : null;
        var headers = RoutingHeaders.Outbound(version, hubParty, to);
        var policy = new PagePolicy(TimeSpan.FromSeconds(hub.Sync.PageTimeoutSeconds), PageRetries, TimeSpan.FromSeconds(1));

        try
        {
            IAsyncEnumerable<PartnerPage> Read(string url) => client.ReadPagesAsync(url, auth, version, run.CorrelationId, policy,
                new PartnerCallInfo(platform.Id, run.Module.Identifier(), hubParty, to), headers, cancellationToken);
            var limit = platform.Settings.PullLimit;
            var pages = Read(run.NextUrl ?? ListUrl(source.Url, run.DateFrom ?? (shape.PageNeedsDateFrom ? DateTimeOffset.UnixEpoch : null), run.DateTo, limit));
            // A full list of a module whose objects can be deleted, read here from its first page: what it leaves out goes.
            var list = run.Kind == SyncKind.Full && shape.AcceptsDelete && run.NextUrl is null ? new FullList() : null;
            await foreach (var page in pages)
            {
                SyncPage recorded;
                using (page)
                    recorded = await ApplyPageAsync(page, shape, version, owners, list, run.CorrelationId, cancellationToken);
                if (page.LinkRepeats)
                    list?.Unfinished();
                telemetry.SyncPage(run.PlatformId, run.Module.Identifier(), recorded.Changed, recorded.Unchanged, recorded.Invalid);
                if (!await runs.RecordPageAsync(run.Id, recorded, Lease(), cancellationToken))
                    return; // ended meanwhile (cancelled), or taken over
            }
            if (list is { Whole: true })
            {
                // What changed since date_to is left out of the pages by their window, not by its owner: it is listed too.
                await foreach (var page in Read(ListUrl(source.Url, run.DateTo, null, limit)))
                {
                    using (page)
                        list.AddAll(page, shape, version, owners);
                }
                if (list.Whole) // one of them may name no id: then what the list leaves out cannot be told
                    await RemoveUnlistedAsync(run, shape, owners, list, cancellationToken);
            }
            await FinishAsync(run, SyncStatus.Succeeded, null, cancellationToken);
        }
        catch (PartnerPageException e)
        {
            await FinishAsync(run, SyncStatus.Failed, e.Message, cancellationToken);
        }
        catch (Exception e) when (IsFault(e))
        {
            // Tried again it would fail again, and hold up the runs queued behind it: it ends with the reason.
            log.LogError(e, "sync run {RunId} failed", run.Id);
            await FinishAsync(run, SyncStatus.Failed, $"the hub failed: {e.Message}", cancellationToken);
        }
    }

    /// <summary>
    /// A failure of the hub itself, not a cancellation and not a database that is unavailable for now (then the run
    /// is resumed once it is back, from the page recorded last).
    /// </summary>
    private static bool IsFault(Exception e) => e is not OperationCanceledException && !HubDatabase.IsUnavailable(e);

    private async Task FinishAsync(SyncRun run, SyncStatus status, string? problem, CancellationToken cancellationToken)
    {
        await runs.FinishAsync(run.Id, status, problem, node.Id, cancellationToken);
        telemetry.SyncRunEnded(run.PlatformId, run.Module.Identifier(), status.ToString().ToLowerInvariant());
    }

    /// <summary>The first page of a list. A page of Sessions must name a date_from (spec, every version): a full run asks from the epoch.</summary>
    private static string ListUrl(string endpoint, DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        var query = new List<string>();
        if (from is { } since)
            query.Add("date_from=" + Uri.EscapeDataString(OcpiDateTimeConverter.Format(since)));
        if (to is { } until)
            query.Add("date_to=" + Uri.EscapeDataString(OcpiDateTimeConverter.Format(until)));
        query.Add("limit=" + limit);
        return endpoint + (endpoint.Contains('?') ? "&" : "?") + string.Join('&', query);
    }

    /// <summary>Reads and checks every object of the page, then applies the valid ones as one batch: one transaction per page.</summary>
    private async Task<SyncPage> ApplyPageAsync(PartnerPage page, DataShape shape, OcpiVersion version, IReadOnlyList<PartyKey> owners,
        FullList? list, string correlationId, CancellationToken cancellationToken)
    {
        var changes = new List<ObjectChange>(page.Items.Count);
        var problems = new List<SyncProblem>();
        foreach (var item in page.Items)
        {
            var (owner, ids) = OwnerAndIds(item, shape, version, owners);
            var id = ids[0].Length > 0 ? ids[0] : null;
            list?.Add(owner, id); // listed, even where it is invalid: the owner still has it
            var read = OcpiJson.Read(item, shape.ModelIn(1, version), version, ValidationMode.Full);
            if (read.Value is null || read.Problems.Count > 0)
            {
                problems.Add(new(id, read.Problems.ToStatusMessage()));
                continue;
            }
            if (owner is not { } party || !owners.Contains(party))
            {
                problems.Add(new(id, $"{(owner?.ToString() ?? "the owner")} is not a {shape.Module.OwnerRole()} party of this platform"));
                continue;
            }
            var json = await lookup.ToCanonicalJsonAsync(read.Value, version, party, isPatch: false, cancellationToken);
            // As the owner would push it: a CDR is POSTed (created once, never replaced, and POSTed on to its receiver), the rest PUT.
            changes.Add(new ObjectChange(shape, party, ids, shape.ObjectKey(ids[0], QueryCollection.Empty, json), json, shape.CreatedByPost ? "POST" : "PUT",
                new RoutingDecision.StoreAndBroadcast(party), correlationId, ChangeSource.Pull));
        }
        var results = await ApplyAsync(changes, problems, cancellationToken);
        var changed = results.Count(r => r.Changed);
        return new(page.Items.Count, changed, results.Count - changed, problems.Count, page.IsLast ? null : page.NextUrl, problems);
    }

    /// <summary>Whose an object of the page is, and its ids: 2.1.1 objects carry no owner, the platform's one party of the owning role owns them.</summary>
    internal static (PartyKey? Owner, IReadOnlyList<string> Ids) OwnerAndIds(JsonElement item, DataShape shape, OcpiVersion version, IReadOnlyList<PartyKey> owners)
    {
        var (addressed, ids) = shape.AddressOf(item, version);
        return (version == OcpiVersion.V211 ? (owners.Count == 1 ? owners[0] : null) : addressed, ids);
    }

    /// <summary>
    /// Deletes, as the owner would (a DELETE to every receiver its PUT reached), what the platform's parties hold at the
    /// hub from before the run's <c>date_to</c> and the owner's full <paramref name="list"/> left out; each is reported
    /// among the run's problems, so an operator sees what went.
    /// </summary>
    private async Task RemoveUnlistedAsync(SyncRun run, DataShape shape, IReadOnlyList<PartyKey> owners, FullList list, CancellationToken cancellationToken)
    {
        const int batch = 500;
        // A platform of several parties is asked for all of them at once; a party it listed nothing of may simply not
        // have been answered for, so only the parties the list names are judged by it.
        IReadOnlyList<PartyKey> judged = owners.Count == 1 ? owners : [.. owners.Where(list.Names)];
        var unlisted = new List<ObjectChange>();
        for (Core.Data.ObjectPosition? after = null; judged.Count > 0;)
        {
            var stamps = await data.StampsAsync(new(run.Module, judged, null, null, run.DateTo, 0, batch, CountTotal: false, after), cancellationToken);
            unlisted.AddRange(stamps.Take(batch).Where(s => !list.Lists(s.Position.Owner, s.Position.Key)).Select(s => new ObjectChange(shape, s.Position.Owner,
                [s.Position.Key], s.Position.Key, null, "DELETE", new RoutingDecision.StoreAndBroadcast(s.Position.Owner), run.CorrelationId, ChangeSource.Pull)
            {
                IfUpdatedBefore = run.DateTo, // a copy pushed since the stamps were read is the owner's word of now: kept
            }));
            if (stamps.Count <= batch)
                break;
            after = stamps[batch - 1].Position;
        }
        if (unlisted.Count == 0)
            return;
        var results = await pipeline.ApplyAsync(unlisted, (_, _) => null, cancellationToken);
        await runs.AddProblemsAsync(run.Id, [.. results.Where(r => r.Changed)
            .Select(r => new SyncProblem(r.Detail, "not in the owner's full list: deleted, and its receivers told"))], cancellationToken);
    }

    /// <summary>
    /// Applies a page's changes in one transaction; when the database refuses it (other than by being unavailable), one
    /// by one, so that an object it refuses is skipped and reported as a problem and the others are kept.
    /// </summary>
    private async Task<IReadOnlyList<ChangeResult>> ApplyAsync(List<ObjectChange> changes, List<SyncProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ApplyAsync(changes, (_, _) => null, cancellationToken);
        }
        catch (Exception e) when (changes.Count > 0 && IsFault(e))
        {
            log.LogWarning(e, "a page of {Module} could not be stored as a whole: its objects are stored one by one", changes[0].Shape.Module.Identifier());
        }
        var results = new List<ChangeResult>(changes.Count);
        foreach (var change in changes)
        {
            try
            {
                results.Add(await pipeline.ApplyAsync(change, _ => null, cancellationToken));
            }
            catch (Exception e) when (IsFault(e))
            {
                log.LogError(e, "{Module} {Id} of {Owner} could not be stored", change.Shape.Module.Identifier(), change.Ids[0], change.Owner);
                problems.Add(new(change.Ids[0], $"the hub could not store it: {e.Message}"));
            }
        }
        return results;
    }
}
