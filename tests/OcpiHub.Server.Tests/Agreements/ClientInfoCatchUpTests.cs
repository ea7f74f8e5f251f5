using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Agreements;

/// <summary>
/// What a party hears of its counterpart (HubClientInfo) is a catch-up stored with the change that calls for it and
/// told by one node, from the state as stored then.
/// </summary>
public class ClientInfoCatchUpTests
{
    private static List<string> ToldCpo(RoamingNetwork net) =>
        [.. net.Cpo221.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith("/hubclientinfo/DE/E11", StringComparison.Ordinal))
            .Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>())];

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_clientinfo_catch_up_that_two_nodes_both_read_as_pending_is_told_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var id = await net.AgreeAsync("NL*C22", "DE*E11");
        await net.CaughtUpAsync(id);
        await net.Hub.QueueEmptyAsync("the agreement told");
        var before = ToldCpo(net).Count;

        var catchUp = new CatchUp(id, new PartyKey("NL", "C22"), DataModule.HubClientInfo, "told-once");
        await net.Hub.Service<ICatchUpStore>().StartAsync([catchUp]);
        var backfill = net.Hub.Service<AgreementBackfill>();
        await Task.WhenAll(backfill.RunAsync(catchUp, CancellationToken.None), backfill.RunAsync(catchUp, CancellationToken.None));
        await net.CaughtUpAsync(id);
        await net.Hub.QueueEmptyAsync("the ClientInfo told");

        Assert.Equal(["CONNECTED"], ToldCpo(net).Skip(before));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_agreement_suspended_by_a_request_cancelled_once_the_change_is_stored_is_still_told(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var id = await net.AgreeAsync("NL*C22", "DE*E11");
        await net.CaughtUpAsync(id);
        await net.Hub.QueueEmptyAsync("the agreement told");
        var before = ToldCpo(net).Count;

        // The operator's client goes away as soon as the suspension is stored.
        using var gone = new CancellationTokenSource();
        var service = ActivatorUtilities.CreateInstance<AgreementService>(net.Hub.Service<IServiceProvider>(),
            new CancelledOnceStored(net.Hub.Service<IAgreementStore>(), gone));
        try
        {
            await service.SuspendAsync(id, "suspended-and-gone", gone.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Equal(["SUSPENDED"], await Eventually.UntilAsync(() => ToldCpo(net).Skip(before).ToList(), t => t.Count > 0, "the suspension told to the CPO"));
    }

    /// <summary>An agreement store whose writes cancel <paramref name="cancelled"/> once they are stored.</summary>
    private sealed class CancelledOnceStored(IAgreementStore store, CancellationTokenSource cancelled) : IAgreementStore
    {
        public async Task AddAsync(Agreement agreement, IReadOnlyCollection<CatchUp>? catchUps = null, CancellationToken cancellationToken = default)
        {
            await store.AddAsync(agreement, catchUps, cancellationToken);
            await cancelled.CancelAsync();
        }

        public async Task<bool> UpdateAsync(Agreement agreement, AgreementStatus from, IReadOnlyCollection<CatchUp>? catchUps = null,
            CancellationToken cancellationToken = default)
        {
            var updated = await store.UpdateAsync(agreement, from, catchUps, cancellationToken);
            await cancelled.CancelAsync();
            return updated;
        }

        public Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default) => store.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default) => store.AllAsync(cancellationToken);

        public Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default) =>
            store.ForPartyAsync(party, cancellationToken);
    }
}
