using System.Data.Common;
using Dapper;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

public sealed class AgreementStore(HubDatabase database) : IAgreementStore
{
    private const string Columns = "id, cpo, emsp, status, created_at, updated_at, stopped_at, stopped_version";

    public async Task AddAsync(Agreement agreement, IReadOnlyCollection<CatchUp>? catchUps = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync($"INSERT INTO agreements ({Columns}) VALUES (@id, @cpo, @emsp, @status, @created_at, @updated_at, @stopped_at, @stopped_version)",
                new DynamicParameters(AgreementRow.From(agreement)), stopsData: false, catchUps, cancellationToken);
        }
        catch (DbException e) when (HubDatabase.IsUniqueViolation(e))
        {
            // agreements_one_per_pair: another request made the pair's agreement first.
            throw new AgreementExistsException(agreement.Cpo, agreement.Emsp);
        }
    }

    public async Task<bool> UpdateAsync(Agreement agreement, AgreementStatus from, IReadOnlyCollection<CatchUp>? catchUps = null,
        CancellationToken cancellationToken = default)
    {
        var parameters = new DynamicParameters(AgreementRow.From(agreement));
        parameters.Add("from", from.ToString());
        // Stopped again before a withdraw of its resumption was queued (the catch-up is dropped once it is not active):
        // data stopped at the earlier time and version still (none, for a stop older than versions: by its time), so the
        // next resumption withdraws what was removed since then. Otherwise stopped now: at the version this change raises (@raised).
        return await WriteAsync("""
            UPDATE agreements SET status = @status, updated_at = @updated_at,
                stopped_at = COALESCE((SELECT MIN(c.withdraw_since) FROM agreement_catch_ups c WHERE c.agreement_id = @id), @stopped_at),
                stopped_version = CASE WHEN EXISTS (SELECT 1 FROM agreement_catch_ups c WHERE c.agreement_id = @id AND c.withdraw_since IS NOT NULL)
                    THEN (SELECT c.withdraw_from_version FROM agreement_catch_ups c WHERE c.agreement_id = @id AND c.withdraw_since IS NOT NULL
                          ORDER BY c.withdraw_since LIMIT 1)
                    ELSE COALESCE(@raised, stopped_version) END
            WHERE id = @id AND status = @from
            """, parameters, stopsData: from == AgreementStatus.Active && !agreement.IsActive, catchUps, cancellationToken) == 1;
    }

    /// <summary>
    /// The agreement written and the catch-ups it starts in one transaction: an agreement is never left without what it
    /// brings. A change that stops data between its parties raises the shared state version first (<c>@raised</c>).
    /// </summary>
    private Task<int> WriteAsync(string sql, DynamicParameters agreement, bool stopsData, IReadOnlyCollection<CatchUp>? catchUps,
        CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (stopsData || CatchUpStore.Withdraw(catchUps ?? []))
                await SharedStateVersion.HoldForWindowBoundAsync(connection, transaction);
            agreement.Add("raised", stopsData ? await SharedStateVersion.RaiseAsync(connection, transaction, boundsWindow: true) : null, System.Data.DbType.Int64);
            var written = await connection.ExecuteAsync(sql, agreement, transaction);
            if (written == 1)
                await CatchUpStore.StartAsync(connection, transaction, catchUps ?? []);
            return written;
        }, cancellationToken);

    public async Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id);
    }

    /// <summary><see cref="FindAsync(string, CancellationToken)"/> in the caller's transaction.</summary>
    internal static async Task<Agreement?> FindAsync(DbConnection connection, DbTransaction? transaction, string id) =>
        (await connection.QuerySingleOrDefaultAsync<AgreementRow>($"SELECT {Columns} FROM agreements WHERE id = @id", new { id }, transaction))?.ToAgreement();

    public async Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default)
    {
        // What CachingAgreementStore holds: read by requests that may hold a connection already.
        await using var connection = await database.OpenForSharedStateAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementRow>($"SELECT {Columns} FROM agreements ORDER BY created_at, id")).Select(r => r.ToAgreement()).ToList();
    }

    public async Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ForPartyAsync(connection, null, party);
    }

    /// <summary><see cref="ForPartyAsync(PartyKey, CancellationToken)"/> in the caller's transaction (a platform's change, which its catch-ups follow).</summary>
    internal static async Task<IReadOnlyList<Agreement>> ForPartyAsync(DbConnection connection, DbTransaction? transaction, PartyKey party) =>
        (await connection.QueryAsync<AgreementRow>(
                $"SELECT {Columns} FROM agreements WHERE (cpo = @key OR emsp = @key) AND status <> @ended ORDER BY created_at, id",
                new { key = party.ToString(), ended = nameof(AgreementStatus.Ended) }, transaction))
            .Select(r => r.ToAgreement()).ToList();

    // Rows named as the columns (Dapper maps by name).
    private sealed record AgreementRow(string id, string cpo, string emsp, string status, long created_at, long updated_at, long? stopped_at,
        long? stopped_version)
    {
        public static AgreementRow From(Agreement a) => new(a.Id, a.Cpo.ToString(), a.Emsp.ToString(), a.Status.ToString(),
            a.CreatedAt.ToUnixTimeMilliseconds(), a.UpdatedAt.ToUnixTimeMilliseconds(), a.StoppedAt?.ToUnixTimeMilliseconds(), a.StoppedVersion);

        public Agreement ToAgreement()
        {
            PartyKey.TryParse(cpo, out var cpoKey);
            PartyKey.TryParse(emsp, out var emspKey);
            return new(id, cpoKey, emspKey, Enum.Parse<AgreementStatus>(status),
                DateTimeOffset.FromUnixTimeMilliseconds(created_at), DateTimeOffset.FromUnixTimeMilliseconds(updated_at))
            {
                StoppedAt = stopped_at is { } stopped ? DateTimeOffset.FromUnixTimeMilliseconds(stopped) : null,
                StoppedVersion = stopped_version,
            };
        }
    }
}
