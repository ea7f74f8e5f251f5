using OcpiHub.Core.Agreements;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Data;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>The hub's database (migrated), the keys its tokens are sealed under, and the stores on it.</summary>
public static class HubStorage
{
    public static async Task<IServiceCollection> AddHubStorageAsync(this IServiceCollection services, HubOptions options, TextWriter announce, TimeProvider clock)
    {
        var database = string.IsNullOrWhiteSpace(options.PostgreSql)
            ? HubDatabase.Sqlite(Path.Combine(options.DataFolder, "ocpihub.db"))
            : HubDatabase.PostgreSql(options.PostgreSql);
        await Migrator.MigrateAsync(database);
        var secrets = HubSecrets.Load(options, announce);
        if (!await TokenKeyCheck.AcceptAsync(database, secrets.Cipher, clock))
            throw new HubConfigurationException("the partner tokens in the database are sealed under another token key than this node's: give every node "
                                                + "the same Hub:SecretsFile (or Hub:TokenKey); after a rotation keep the old key in PreviousTokenKeys");
        services.AddSingleton(database);
        services.AddSingleton(secrets);
        services.AddSingleton<SharedStateVersion>();
        services.AddHostedService<SharedStateListener>();
        services.AddSingleton<PlatformStore>();
        services.AddSingleton<IPlatformStore, CachingPlatformStore>();
        services.AddSingleton<AgreementStore>();
        services.AddSingleton<IAgreementStore, CachingAgreementStore>();
        services.AddSingleton<IMessageLog, MessageLogStore>();
        services.AddSingleton<DataStore>();
        services.AddSingleton<IDataStore>(provider => provider.GetRequiredService<DataStore>());
        services.AddSingleton<ICatchUpStore, CatchUpStore>();
        services.AddSingleton<ISyncRunStore, SyncRunStore>();
        services.AddSingleton<NodeLeaseStore>();
        services.AddSingleton<JobMarkStore>();
        services.AddSingleton<NamingRecheckStore>();
        services.AddSingleton<ICommandStore, CommandStore>();
        return services;
    }
}
