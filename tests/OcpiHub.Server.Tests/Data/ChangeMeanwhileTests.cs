using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Data;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A push decided by what its transaction holds: something changes between the push's arrival and its transaction
/// (its object, a receiver's agreement), on the hub's real store, and the push is decided by what changed. A push
/// decided before its transaction (tried for speed, docs/benchmarks.md) must still pass these.
/// </summary>
public class ChangeMeanwhileTests
{
    private static readonly PartyKey C22 = new("NL", "C22");

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_patch_whose_object_changed_before_its_transaction_is_merged_into_the_change_not_over_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        var pipeline = PipelineMeanwhile(net.Hub, () =>
            net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/L1", """{"name":"Renamed meanwhile","last_updated":"2026-11-01T11:00:00Z"}"""));

        var result = await pipeline.ApplyAsync(Change("L1", "PATCH", """{"postal_code":"3511CD","last_updated":"2026-11-01T12:00:00Z"}"""), _ => null,
            CancellationToken.None);

        Assert.Equal(ChangeOutcome.Updated, result.Outcome);
        var stored = JsonNode.Parse((await net.Hub.Service<IDataStore>().FindAsync(DataModule.Locations, C22, "L1"))!.Body)!;
        Assert.Equal("Renamed meanwhile", stored["name"]!.GetValue<string>());
        Assert.Equal("3511CD", stored["postal_code"]!.GetValue<string>());
        Assert.Equal("2026-11-01T12:00:00Z", stored["last_updated"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_push_whose_receivers_agreement_was_suspended_before_its_transaction_does_not_reach_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var agreement = await net.AgreementIdAsync("NL*C22", "DE*E22");
        var pipeline = PipelineMeanwhile(net.Hub, () =>
            net.Hub.Service<AgreementService>().SuspendAsync(agreement, "suspended-meanwhile", CancellationToken.None));

        var result = await pipeline.ApplyAsync(Change("L2", "PUT", LocationJson.Location(OcpiVersion.V230, "NL", "C22", "L2")), _ => null,
            CancellationToken.None);

        Assert.Equal(ChangeOutcome.Created, result.Outcome);
        // Made while E22's agreement was active, written after it was suspended: E30 gets the Location, E22 nothing.
        await net.AssertNothingMoreAsync("locations", (net.Emsp230, 1));
        var queued = await net.Hub.AllDeliveriesAsync();
        Assert.Equal(["DE*E30"], queued.Where(d => d!["correlation_id"]!.GetValue<string>() == "meanwhile-L2").Select(d => d!["receiver"]!.GetValue<string>()));
    }

    private static ObjectChange Change(string id, string method, string json) =>
        new(DataShapes.For(DataModule.Locations), C22, [id], id, CanonicalJson.Parse(json), method, new RoutingDecision.StoreAndBroadcast(C22),
            $"meanwhile-{id}", ChangeSource.Push);

    /// <summary>
    /// The hub's change pipeline on its own store, through which <paramref name="meanwhile"/> is done (and awaited) once,
    /// before the first change's transaction opens.
    /// </summary>
    private static ChangePipeline PipelineMeanwhile(HubUnderTest hub, Func<Task> meanwhile)
    {
        var store = DispatchProxy.Create<IDataStore, StoreWithChangeMeanwhile>();
        ((StoreWithChangeMeanwhile)(object)store).Start(hub.Service<IDataStore>(), meanwhile);
        return ActivatorUtilities.CreateInstance<ChangePipeline>(hub.Service<IServiceProvider>(), store);
    }

    /// <summary>Every call goes to the hub's store; the first <see cref="IDataStore.ChangeAsync"/> waits for something done meanwhile.</summary>
    public class StoreWithChangeMeanwhile : DispatchProxy
    {
        private IDataStore store = null!;
        private Func<Task>? meanwhile;

        public void Start(IDataStore hubStore, Func<Task> doneMeanwhile) => (store, meanwhile) = (hubStore, doneMeanwhile);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IDataStore.ChangeAsync) && Interlocked.Exchange(ref meanwhile, null) is { } first)
                return ThenAsync(first, () => (Task)method.Invoke(store, args)!);
            return method.Invoke(store, args);
        }

        private static async Task ThenAsync(Func<Task> first, Func<Task> then)
        {
            await first();
            await then();
        }
    }
}
