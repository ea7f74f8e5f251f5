using Dapper;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Storage;

public sealed class CommandStore(HubDatabase database, TimeProvider clock) : ICommandStore
{
    private const string Columns = "id, command, correlation_id, response_url, emsp_platform, emsp, emsp_version, cpo_platform, cpo, state, answer, result, "
                                   + "created_at, expires_at, finished_at";
    private const string AwaitingResult = "state IN ('Forwarded', 'Answered')";

    // What CommandRelay.Takes says, as the guard of the write: the first result (or the timeout) wins, and after an
    // accepted reservation one cancellation by the CPO.
    private static readonly string TakesResult = $"""
        ({AwaitingResult} OR (command = 'RESERVE_NOW' AND state = 'ResultRelayed' AND result = 'ACCEPTED' AND @result = '{CommandRelay.CanceledReservation}'))
        """;

    public Task CreateAsync(CommandRelay relay, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync($"""
            INSERT INTO command_relays ({Columns}) VALUES (@id, @command, @correlation_id, @response_url, @emsp_platform, @emsp, @emsp_version,
                @cpo_platform, @cpo, @state, @answer, @result, @created_at, @expires_at, @finished_at)
            """, RelayRow.From(relay), cancellationToken);

    public async Task<CommandRelay?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<RelayRow>($"SELECT {Columns} FROM command_relays WHERE id = @id", new { id }))?.ToRelay();
    }

    public async Task<IReadOnlyList<CommandRelay>> ByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RelayRow>($"SELECT {Columns} FROM command_relays WHERE correlation_id = @correlationId ORDER BY created_at, id",
            new { correlationId })).Select(r => r.ToRelay()).ToList();
    }

    public Task AnsweredAsync(string id, string answer, CommandState state, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("""
            UPDATE command_relays SET answer = @answer, expires_at = @expires,
                state = CASE WHEN state = 'Forwarded' THEN @state ELSE state END
            WHERE id = @id
            """, new { id, answer, state = state.ToString(), expires = expiresAt.ToUnixTimeMilliseconds() }, cancellationToken);

    public async Task<bool> CloseAsync(string id, CommandState state, string result, NewDelivery delivery, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The guard makes the first result (or the timeout) win; a second finds nothing to close.
        var relay = await connection.QuerySingleOrDefaultAsync<RelayRow>(
            $"UPDATE command_relays SET state = @state, result = @result, finished_at = @now WHERE id = @id AND {TakesResult} RETURNING {Columns}",
            new { id, state = state.ToString(), result, now }, transaction);
        if (relay is null)
            return false;
        await OutboxBatch.InsertAsync(connection, transaction, DataModule.Commands, DataStore.Party(relay.cpo), id, delivery, relay.correlation_id, now);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<CommandRelay>> OverdueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RelayRow>(
                $"SELECT {Columns} FROM command_relays WHERE state = 'Answered' AND answer = 'ACCEPTED' AND expires_at <= @now ORDER BY expires_at LIMIT @max",
                new { now = now.ToUnixTimeMilliseconds(), max }))
            .Select(r => r.ToRelay()).ToList();
    }

    public Task RememberReservationAsync(ReservationOwner reservation, CancellationToken cancellationToken = default) =>
        // Sent again (an update), it is made anew: most recent, running until its new expiry, no cancellation of it pending.
        database.ExecuteWriteAsync("""
            INSERT INTO command_reservations (emsp, reservation_key, reservation_id, cpo_platform, cpo, reserved_at, expires_at, cancelled_by, reserved_by)
            VALUES (@emsp, @key, @id, @cpo_platform, @cpo, @reserved_at, @expires_at, NULL, @reserved_by)
            ON CONFLICT (emsp, reservation_key, cpo) DO UPDATE SET reservation_id = excluded.reservation_id, cpo_platform = excluded.cpo_platform,
                reserved_at = excluded.reserved_at, expires_at = excluded.expires_at, cancelled_by = NULL, reserved_by = excluded.reserved_by
            """, new
        {
            emsp = reservation.Emsp.ToString(), key = StoredObject.KeyOf(reservation.ReservationId), id = reservation.ReservationId,
            cpo_platform = reservation.CpoPlatformId, cpo = reservation.Cpo.ToString(),
            reserved_at = clock.GetUtcNow().ToUnixTimeMilliseconds(), expires_at = reservation.ExpiresAt?.ToUnixTimeMilliseconds(),
            reserved_by = reservation.ReservedBy,
        }, cancellationToken);

    public Task CancellingReservationAsync(ReservationOwner reservation, string cancelRelayId, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("""
            UPDATE command_reservations SET cancelled_by = @relay WHERE emsp = @emsp AND reservation_key = @key AND cpo = @cpo
            """, new
        {
            emsp = reservation.Emsp.ToString(), key = StoredObject.KeyOf(reservation.ReservationId), cpo = reservation.Cpo.ToString(), relay = cancelRelayId,
        }, cancellationToken);

    public async Task<IReadOnlyList<ReservationOwner>> FindReservationsAsync(PartyKey emsp, string reservationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Running: not past its expiry_date, and not ended by the eMSP's cancellation or the CPO's.
        var rows = await connection.QueryAsync<ReservationRow>(new CommandDefinition($"""
            SELECT r.reservation_id, r.cpo_platform, r.cpo, r.expires_at FROM command_reservations r
            {ReservationEnd.Joins}
            WHERE r.emsp = @emsp AND r.reservation_key = @key AND (r.expires_at IS NULL OR r.expires_at > @now)
                AND ({ReservationEnd.EndedAt}) IS NULL
            ORDER BY r.reserved_at DESC, r.cpo
            """, new { emsp = emsp.ToString(), key = StoredObject.KeyOf(reservationId), now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ReservationOwner(emsp, row.reservation_id, row.cpo_platform, DataStore.Party(row.cpo),
            row.expires_at is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null))];
    }

    private const int MaxNumberingAttempts = 100;

    public async Task<int> ReservationNumberAsync(PartyKey cpo, PartyKey emsp, string reservationId, CancellationToken cancellationToken = default)
    {
        var reservation = new { cpo = cpo.ToString(), emsp = emsp.ToString(), key = StoredObject.KeyOf(reservationId), now = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        // The CPO's next number, unless the reservation has one. Taken by another reservation at the same moment
        // (PostgreSQL writers run side by side), it is not written, and the next one is tried: each try lost is
        // another reservation numbered, so the bound is only against the unforeseen.
        for (var attempt = 1; attempt <= MaxNumberingAttempts; attempt++)
        {
            var number = await database.WriteAsync(async (connection, transaction) =>
            {
                await connection.ExecuteAsync("""
                    INSERT INTO reservation_numbers (cpo, emsp, reservation_key, number, numbered_at)
                    SELECT @cpo, @emsp, @key, COALESCE(MAX(number), 0) + 1, @now FROM reservation_numbers WHERE cpo = @cpo
                    ON CONFLICT DO NOTHING
                    """, reservation, transaction);
                // Asked for again (the reservation sent again), a number the CPO never took is kept a retention from now.
                return await connection.QuerySingleOrDefaultAsync<int?>(
                    "UPDATE reservation_numbers SET numbered_at = @now WHERE cpo = @cpo AND emsp = @emsp AND reservation_key = @key RETURNING number",
                    reservation, transaction);
            }, cancellationToken);
            if (number is { } found)
                return found;
        }
        throw new InvalidOperationException($"no reservation number for {emsp}'s {reservationId} at {cpo}: taken by others {MaxNumberingAttempts} times");
    }

    public Task RememberProfileSetterAsync(ProfileSetter setter, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("""
            INSERT INTO charging_profile_setters (cpo, session_id, emsp_platform, emsp) VALUES (@cpo, @session_id, @emsp_platform, @emsp)
            ON CONFLICT (cpo, session_id) DO UPDATE SET emsp_platform = excluded.emsp_platform, emsp = excluded.emsp
            """, new { cpo = setter.Cpo.ToString(), session_id = setter.SessionId, emsp_platform = setter.EmspPlatformId, emsp = setter.Emsp.ToString() },
            cancellationToken);

    public async Task<ProfileSetter?> FindProfileSetterAsync(PartyKey cpo, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SetterRow>(
            "SELECT emsp_platform, emsp FROM charging_profile_setters WHERE cpo = @cpo AND session_id = @sessionId", new { cpo = cpo.ToString(), sessionId });
        return row is null ? null : new ProfileSetter(cpo, sessionId, row.emsp_platform, DataStore.Party(row.emsp));
    }

    // Rows named as the columns (Dapper maps by name).
    private sealed record SetterRow(string emsp_platform, string emsp);
    private sealed record ReservationRow(string reservation_id, string cpo_platform, string cpo, long? expires_at);

    private sealed record RelayRow(string id, string command, string correlation_id, string response_url, string emsp_platform, string emsp,
        string emsp_version, string cpo_platform, string cpo, string state, string? answer, string? result, long created_at, long expires_at, long? finished_at)
    {
        public static RelayRow From(CommandRelay r) => new(r.Id, r.Command, r.CorrelationId, r.ResponseUrl, r.EmspPlatformId, r.Emsp.ToString(),
            r.EmspVersion.ToWire(), r.CpoPlatformId, r.Cpo.ToString(), r.State.ToString(), r.Answer, r.Result, r.CreatedAt.ToUnixTimeMilliseconds(),
            r.ExpiresAt.ToUnixTimeMilliseconds(), r.FinishedAt?.ToUnixTimeMilliseconds());

        public CommandRelay ToRelay() => new()
        {
            Id = id, Command = command, CorrelationId = correlation_id, ResponseUrl = response_url, EmspPlatformId = emsp_platform, Emsp = DataStore.Party(emsp),
            EmspVersion = OcpiVersions.TryParse(emsp_version, out var version) ? version : throw new InvalidOperationException($"bad version {emsp_version}"),
            CpoPlatformId = cpo_platform, Cpo = DataStore.Party(cpo), State = Enum.Parse<CommandState>(state), Answer = answer, Result = result,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created_at), ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires_at),
            FinishedAt = finished_at is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        };
    }
}
