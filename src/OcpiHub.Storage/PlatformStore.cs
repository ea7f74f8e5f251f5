using System.Data.Common;
using Dapper;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Storage;

public sealed class PlatformStore(HubDatabase database, TimeProvider clock) : IPlatformStore
{
    private const string Columns = "id, name, status, version, versions_url, endpoints, settings, declared_party, created_at, last_seen_at";

    public async Task<Platform?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PlatformRow>($"SELECT {Columns} FROM platforms WHERE id = @id", new { id });
        return row is null ? null : await LoadAsync(connection, row);
    }

    public async Task<IReadOnlyList<Platform>> AllAsync(CancellationToken cancellationToken = default) => (await StateAsync(cancellationToken)).All;

    public async Task SaveAsync(Platform platform, TokenChanges tokens, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, transaction, await LockedAsync(connection, transaction, platform.Id), platform, tokens, correlationId);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(Platform Before, Platform After)?> UpdateAsync(string id, Func<Platform, Platform?> change, TokenChanges tokens,
        string? correlationId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await LockedAsync(connection, transaction, id) is not { } before || change(before) is not { } after)
            return null;
        await WriteAsync(connection, transaction, before, after, tokens, correlationId);
        await transaction.CommitAsync(cancellationToken);
        return (before, after);
    }

    /// <summary>
    /// The platform as stored, read so that no other write of it comes between this read and the commit: on
    /// PostgreSQL its row is locked; on SQLite the transaction holds the database's write lock from its start.
    /// </summary>
    private async Task<Platform?> LockedAsync(DbConnection connection, DbTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PlatformRow>(
            $"SELECT {Columns} FROM platforms WHERE id = @id{(database.Kind == DatabaseKind.PostgreSql ? " FOR UPDATE" : "")}", new { id }, transaction);
        return row is null ? null : await LoadAsync(connection, row, transaction);
    }

    /// <summary>
    /// Writes <paramref name="platform"/> whole, with its parties and token changes and what follows the change
    /// (<see cref="FollowedAsync"/>), over <paramref name="before"/> (null: a new one).
    /// </summary>
    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, Platform? before, Platform platform, TokenChanges tokens,
        string? correlationId)
    {
        await FollowedAsync(connection, transaction, before, platform, correlationId);
        await connection.ExecuteAsync($"""
            INSERT INTO platforms ({Columns}) VALUES (@id, @name, @status, @version, @versions_url, @endpoints, @settings, @declared_party, @created_at, @last_seen_at)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, version = excluded.version,
                versions_url = excluded.versions_url, endpoints = excluded.endpoints, settings = excluded.settings,
                declared_party = excluded.declared_party,
                -- Last-seen times are written in batches by every node: a platform saved from an older copy keeps the later one.
                last_seen_at = CASE WHEN platforms.last_seen_at IS NULL OR excluded.last_seen_at > platforms.last_seen_at
                    THEN excluded.last_seen_at ELSE platforms.last_seen_at END
            """, PlatformRow.From(platform), transaction);
        await connection.ExecuteAsync("DELETE FROM parties WHERE platform_id = @id", new { id = platform.Id }, transaction);
        foreach (var party in platform.Parties)
        {
            try
            {
                await connection.ExecuteAsync(
                    "INSERT INTO parties (platform_id, country_code, party_id, role, name) VALUES (@platform_id, @country_code, @party_id, @role, @name)",
                    new PartyRow(platform.Id, party.Key.CountryCode, party.Key.PartyId, party.Role, party.Name), transaction);
            }
            catch (DbException e) when (HubDatabase.IsUniqueViolation(e))
            {
                throw new PartyTakenException(party.Key);
            }
        }
        await ChangeTokensAsync(connection, transaction, platform.Id, tokens);
    }

    private async Task ChangeTokensAsync(DbConnection connection, DbTransaction transaction, string platformId, TokenChanges tokens)
    {
        if (tokens.RevokeAll)
        {
            await connection.ExecuteAsync("DELETE FROM inbound_tokens WHERE platform_id = @platformId", new { platformId }, transaction);
            await connection.ExecuteAsync("UPDATE platforms SET outbound_token = NULL WHERE id = @platformId", new { platformId }, transaction);
        }
        if (tokens.EncryptedOutbound is { } outbound)
            await connection.ExecuteAsync("UPDATE platforms SET outbound_token = @outbound WHERE id = @platformId", new { platformId, outbound }, transaction);
        if (tokens.Inbound is var (tokenHash, kind))
        {
            // An access token ends the registration token and any earlier access token: only the newest works.
            await connection.ExecuteAsync(
                kind == TokenKind.Access
                    ? "DELETE FROM inbound_tokens WHERE platform_id = @platformId"
                    : "DELETE FROM inbound_tokens WHERE platform_id = @platformId AND kind = @kind",
                new { platformId, kind = kind.ToString() }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO inbound_tokens (token_hash, platform_id, kind, created_at) VALUES (@tokenHash, @platformId, @kind, @now)",
                new { tokenHash, platformId, kind = kind.ToString(), now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
        }
    }

    public async Task DeleteAsync(string id, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await LockedAsync(connection, transaction, id) is not { } before)
            return;
        // Its parties stand as those of an unregistered platform do: carried by none.
        await FollowedAsync(connection, transaction, before, before with { Status = PlatformStatus.Unregistered, Parties = [] }, correlationId);
        await connection.ExecuteAsync("DELETE FROM platforms WHERE id = @id", new { id }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records, in the change's transaction, what follows a platform's change from <paramref name="before"/> into
    /// <paramref name="after"/>: when the parties it moved came to stand otherwise, and the catch-ups that tell their
    /// counterparts and bring them their data (<see cref="CatchUps.AfterPlatformChange"/>), run by any node. So none is
    /// lost to a node stopped or killed after the change, or to a failure: the change is not stored without them.
    /// </summary>
    private async Task FollowedAsync(DbConnection connection, DbTransaction transaction, Platform? before, Platform after, string? correlationId)
    {
        // Read before this change is recorded: for a party that joins, when it last changed is when it left.
        var leftAt = await StandingsChangedAsync(connection, transaction);
        var agreements = new List<Agreement>();
        foreach (var party in (before?.Parties ?? []).Concat(after.Parties).Select(p => p.Key).Distinct())
            agreements.AddRange(await AgreementStore.ForPartyAsync(connection, transaction, party));
        var catchUps = CatchUps.AfterPlatformChange(before, after, agreements.DistinctBy(a => a.Id).ToList(), correlationId ?? TraceIds.New(), leftAt)
            .ToList();
        // A party that joins or leaves bounds its counterparts' withdraw windows; one that goes offline and back does not.
        var joinsOrLeaves = PartyStanding.Joined(before, after).Any() || (before is not null && PartyStanding.Joined(after, before).Any());
        if (joinsOrLeaves || CatchUpStore.Withdraw(catchUps))
            await SharedStateVersion.HoldForWindowBoundAsync(connection, transaction);
        await StandingsChangedAsync(connection, transaction, PartyStanding.Moved(before, after), joinsOrLeaves);
        await CatchUpStore.StartAsync(connection, transaction, catchUps);
    }

    /// <summary>
    /// Records that <paramref name="parties"/> stand otherwise for their counterparts from now, and from the shared state
    /// version this change raises: where the withdraw of one that left and comes back starts (<see cref="DataStop"/>).
    /// </summary>
    private async Task StandingsChangedAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PartyKey> parties, bool boundsWindow)
    {
        var moved = parties.Distinct().ToList();
        if (moved.Count == 0)
            return;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var version = await SharedStateVersion.RaiseAsync(connection, transaction, boundsWindow);
        await connection.ExecuteAsync("""
            INSERT INTO party_standings (country_code, party_id, changed_at, changed_version) VALUES (@CountryCode, @PartyId, @now, @version)
            ON CONFLICT (country_code, party_id) DO UPDATE SET changed_at = excluded.changed_at, changed_version = excluded.changed_version
            """, moved.Select(p => new { p.CountryCode, p.PartyId, now, version }), transaction);
    }

    public async Task<IReadOnlyDictionary<PartyKey, DataStop>> StandingsChangedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await StandingsChangedAsync(connection, null);
    }

    private static async Task<IReadOnlyDictionary<PartyKey, DataStop>> StandingsChangedAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<(string country_code, string party_id, long changed_at, long? changed_version)>(
                "SELECT country_code, party_id, changed_at, changed_version FROM party_standings", transaction: transaction))
            .ToDictionary(r => new PartyKey(r.country_code, r.party_id), r => new DataStop(DateTimeOffset.FromUnixTimeMilliseconds(r.changed_at), r.changed_version));

    public async Task<(Platform Platform, TokenKind Kind)?> AuthenticateAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var token = await connection.QuerySingleOrDefaultAsync<(string platform_id, string kind, string token_hash)>(
            "SELECT platform_id, kind, token_hash FROM inbound_tokens WHERE token_hash = @tokenHash", new { tokenHash });
        if (token.platform_id is null || !Core.Security.Tokens.HashesEqual(token.token_hash, tokenHash))
            return null;
        var row = await connection.QuerySingleAsync<PlatformRow>($"SELECT {Columns} FROM platforms WHERE id = @id", new { id = token.platform_id });
        return (await LoadAsync(connection, row), Enum.Parse<TokenKind>(token.kind));
    }

    public async Task<string?> OutboundTokenAsync(string platformId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT outbound_token FROM platforms WHERE id = @platformId", new { platformId });
    }

    public async Task<Platform?> FindByPartyAsync(PartyKey party, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindByPartyAsync(connection, null, party);
    }

    /// <summary><see cref="FindByPartyAsync(PartyKey, CancellationToken)"/> in the caller's transaction (a ClientInfo told as stored then).</summary>
    internal static async Task<Platform?> FindByPartyAsync(DbConnection connection, DbTransaction? transaction, PartyKey party)
    {
        var id = await connection.QueryFirstOrDefaultAsync<string?>("""
            -- Registered as Platform.IsRegistered says: an unregistered platform carries nothing.
            SELECT p.id FROM parties x JOIN platforms p ON p.id = x.platform_id
            WHERE x.country_code = @CountryCode AND x.party_id = @PartyId AND p.status IN ('Connected', 'Offline')
            """, new { party.CountryCode, party.PartyId }, transaction);
        if (id is null)
            return null;
        var row = await connection.QuerySingleAsync<PlatformRow>($"SELECT {Columns} FROM platforms WHERE id = @id", new { id }, transaction);
        return await LoadAsync(connection, row, transaction);
    }

    public async Task TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> seen, CancellationToken cancellationToken = default)
    {
        if (seen.Count == 0)
            return;
        // One statement for the batch; a time older than the stored one (another node saw the platform later) is not written.
        await database.WriteAsync((connection, transaction) => ManyRows.ExecuteAsync(connection, transaction, new ManyRows.Statement("""
            WITH seen (id, at) AS (VALUES {rows})
            UPDATE platforms SET last_seen_at = seen.at FROM seen
            WHERE platforms.id = seen.id AND (platforms.last_seen_at IS NULL OR platforms.last_seen_at < seen.at)
            """, "(@id, @at)", seen.Select(s => new { id = s.Key, at = s.Value.ToUnixTimeMilliseconds() }).ToList())), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSeenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string id, long last_seen_at)>("SELECT id, last_seen_at FROM platforms WHERE last_seen_at IS NOT NULL"))
            .ToDictionary(r => r.id, r => DateTimeOffset.FromUnixTimeMilliseconds(r.last_seen_at));
    }

    /// <summary>Every platform with its parties and tokens, read in one go for <see cref="CachingPlatformStore"/>.</summary>
    internal async Task<PlatformState> StateAsync(CancellationToken cancellationToken)
    {
        // No transaction (one would take SQLite's write lock): a change between these reads raised the version read
        // before them, so the state is read again; meanwhile a token of a platform not read is simply unknown.
        await using var connection = await database.OpenForSharedStateAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlatformRow>($"SELECT {Columns} FROM platforms ORDER BY created_at, id");
        var parties = (await connection.QueryAsync<PartyRow>("SELECT platform_id, country_code, party_id, role, name FROM parties"))
            .ToLookup(p => p.platform_id);
        var inbound = await connection.QueryAsync<(string token_hash, string platform_id, string kind)>(
            "SELECT token_hash, platform_id, kind FROM inbound_tokens");
        var outbound = await connection.QueryAsync<(string id, string outbound_token)>(
            "SELECT id, outbound_token FROM platforms WHERE outbound_token IS NOT NULL");
        return new PlatformState(rows.Select(r => r.ToPlatform(parties[r.id])).ToList(),
            inbound.ToDictionary(t => t.token_hash, t => (t.platform_id, Enum.Parse<TokenKind>(t.kind))),
            outbound.ToDictionary(t => t.id, t => t.outbound_token));
    }

    private static async Task<Platform> LoadAsync(DbConnection connection, PlatformRow row, DbTransaction? transaction = null)
    {
        var parties = await connection.QueryAsync<PartyRow>(
            "SELECT platform_id, country_code, party_id, role, name FROM parties WHERE platform_id = @id", new { row.id }, transaction);
        return row.ToPlatform(parties);
    }

    // Rows named as the columns keep the SQL and the mapping side by side (Dapper maps by name).
    private sealed record PartyRow(string platform_id, string country_code, string party_id, string role, string? name);

    private sealed record PlatformRow(string id, string name, string status, string? version, string? versions_url,
        string endpoints, string settings, string? declared_party, long created_at, long? last_seen_at)
    {
        public static PlatformRow From(Platform p) => new(p.Id, p.Name, p.Status.ToString(), p.Version?.ToWire(), p.VersionsUrl,
            StoredJson.Write(p.Endpoints), StoredJson.Write(p.Settings), StoredJson.WriteParty(p.DeclaredParty),
            p.CreatedAt.ToUnixTimeMilliseconds(), p.LastSeenAt?.ToUnixTimeMilliseconds());

        public Platform ToPlatform(IEnumerable<PartyRow> parties) => new()
        {
            Id = id,
            Name = name,
            Status = Enum.Parse<PlatformStatus>(status),
            Version = OcpiVersions.TryParse(version, out var v) ? v : null,
            VersionsUrl = versions_url,
            Endpoints = StoredJson.Read<List<PartnerEndpoint>>(endpoints),
            Settings = StoredJson.Read<PlatformSettings>(settings),
            DeclaredParty = StoredJson.ReadParty(declared_party),
            Parties = parties.Select(p => new Party(new PartyKey(p.country_code, p.party_id), p.role, p.name)).ToList(),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created_at),
            LastSeenAt = last_seen_at is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null,
        };
    }
}
