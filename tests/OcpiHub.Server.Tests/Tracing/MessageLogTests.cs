using Dapper;
using System.Data.Common;
using System.Text;
using OcpiHub.Core.Messages;
using OcpiHub.Protocol;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>
/// The message log: what an inbound message records, the queries of the admin API, retention, that no token is
/// ever stored, and that a failing log does not fail the exchange.
/// </summary>
public class MessageLogTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Inbound_messages_record_platform_parties_module_statuses_and_ids(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "CPA"));
        var platformId = await Partners.ConnectAsync(hub, cpo, Initiator.Partner);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.3.0/hubclientinfo?limit=5&offset=0"))
        {
            request.Headers.Add(HubTracing.RequestIdHeader, "req-1");
            request.Headers.Add(HubTracing.CorrelationIdHeader, "corr-1");
            request.Headers.Add("OCPI-from-country-code", "NL");
            request.Headers.Add("OCPI-from-party-id", "CPA");
            request.Headers.Add("OCPI-to-country-code", "DE");
            request.Headers.Add("OCPI-to-party-id", "HUB");
            using var response = await cpo.SendToHubAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.3.0/hubclientinfo"))
        {
            request.Headers.Add(HubTracing.CorrelationIdHeader, "corr-refused");
            using var refused = await cpo.SendToHubAsync(request, token: "unknown-token");
            Assert.Equal(401, (int)refused.StatusCode);
        }

        var entry = Assert.Single(await LoggedMessages.ListAsync(hub, "correlation_id=corr-1"));
        Assert.Equal(("IN", platformId, "NL*CPA", "DE*HUB", "hubclientinfo", "GET", "/ocpi/2.3.0/hubclientinfo?limit=5&offset=0", 1000, 200, "req-1"),
            (entry.Text("direction"), entry.Text("platform_id"), entry.Text("from"), entry.Text("to"), entry.Text("module"), entry.Text("method"),
                entry.Text("path"), entry.Number("ocpi_status"), entry.Number("http_status"), entry.Text("request_id")));
        Assert.InRange(entry.Number("latency_ms")!.Value, 0, 10_000);

        // A refused request is logged too, without a platform, with the status the hub answered.
        var refusedEntry = Assert.Single(await LoggedMessages.ListAsync(hub, "correlation_id=corr-refused"));
        Assert.Equal((null, 2000, 401, "hubclientinfo"),
            (refusedEntry.TextOrNull("platform_id"), refusedEntry.Number("ocpi_status"), refusedEntry.Number("http_status"), refusedEntry.Text("module")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_log_is_listed_newest_first_by_platform_and_time_range_with_a_limit(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var log = hub.Service<IMessageLog>();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        MessageEntry At(int minutes, string platform) => new(start.AddMinutes(minutes), MessageDirection.Out, platform, null, minutes == 2 ? "DE*XYZ" : "NL*ABC",
            "locations", "PUT", "https://partner.example/ocpi/locations/1", 1000, 200, 12, $"request-{minutes}", "corr-range");
        await log.AppendAsync([At(1, "p1"), At(2, "p2"), At(3, "p1"), At(4, "p1"), At(5, "p2")]);

        IEnumerable<string> Ids(IReadOnlyList<System.Text.Json.Nodes.JsonObject> entries) => entries.Select(e => e.Text("request_id"));
        Assert.Equal(["request-5", "request-4", "request-3", "request-2", "request-1"], Ids(await LoggedMessages.ListAsync(hub, "correlation_id=corr-range", 5)));
        Assert.Equal(["request-4", "request-3", "request-1"], Ids(await LoggedMessages.ListAsync(hub, "platform=p1")));
        var from = Uri.EscapeDataString(start.AddMinutes(2).ToString("O"));
        var to = Uri.EscapeDataString(start.AddMinutes(4).ToString("O"));
        Assert.Equal(["request-4", "request-3"], Ids(await LoggedMessages.ListAsync(hub, $"platform=p1&from={from}&to={to}")));
        Assert.Equal(["request-5", "request-4"], Ids(await LoggedMessages.ListAsync(hub, "correlation_id=corr-range&limit=2")));
        Assert.Equal(["request-2"], Ids(await LoggedMessages.ListAsync(hub, "party=de*xyz")));

        var entry = (await LoggedMessages.ListAsync(hub, "platform=p2&limit=1"))[0];
        Assert.Equal(["time", "direction", "platform_id", "from", "to", "module", "method", "path", "ocpi_status", "http_status", "latency_ms", "request_id", "correlation_id",
            "translation_losses"],
            entry.Select(p => p.Key));
        Assert.Equal(start.AddMinutes(5).ToUnixTimeMilliseconds(), DateTimeOffset.Parse(entry.Text("time"), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());

        foreach (var bad in new[] { "limit=0", "limit=1001", "limit=x", "from=yesterday", "offset=-1", "party=NL" })
            await hub.AdminAsync(HttpMethod.Get, "admin/messages?" + bad, expectedStatus: 400);
        using var anonymous = new HttpClient();
        Assert.Equal(401, (int)(await anonymous.GetAsync($"{hub.BaseUrl}/admin/messages")).StatusCode);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Retention_deletes_entries_older_than_the_configured_days_in_batches_oldest_first(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:MessageRetentionDays=7");
        var log = hub.Service<IMessageLog>();
        var now = DateTimeOffset.UtcNow;
        MessageEntry Aged(double days, string? id = null) => new(now.AddDays(-days), MessageDirection.In, null, null, null, "versions", "GET",
            "/ocpi/versions", 1000, 200, 1, id ?? $"aged-{days}", "corr-retention");
        // More past retention than one batch deletes, so the purge must go on batch after batch.
        var pastRetention = Enumerable.Range(0, MessageRetention.BatchSize * 2 + 500).Select(i => Aged(8 + i / 10_000.0, $"past-{i}")).ToList();
        await log.AppendAsync([.. pastRetention, Aged(30), Aged(7.01), Aged(6.99), Aged(0)]);

        Assert.Equal(pastRetention.Count + 2, await hub.Service<MessageRetention>().PurgeAsync(CancellationToken.None));

        var kept = await LoggedMessages.ListAsync(hub, "correlation_id=corr-retention");
        Assert.Equal(["aged-0", "aged-6.99"], kept.Select(e => e.Text("request_id")));

        // One batch deletes no more than it is given, the oldest first (6.99 and 4 days old).
        await log.AppendAsync([Aged(3), Aged(2), Aged(4)]);
        Assert.Equal(2, await log.DeleteOlderThanAsync(now.AddDays(-1), 2));
        kept = await LoggedMessages.ListAsync(hub, "correlation_id=corr-retention");
        Assert.Equal(["aged-0", "aged-2", "aged-3"], kept.Select(e => e.Text("request_id")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Entries_of_one_millisecond_are_listed_newest_written_first(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var log = hub.Service<IMessageLog>();
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        MessageEntry Written(int n) => new(instant, MessageDirection.In, null, null, null, "versions", "GET", "/ocpi/versions", 1000, 200, 1,
            $"written-{n}", "corr-instant");
        await log.AppendAsync([.. Enumerable.Range(1, 30).Select(Written)]);
        await log.AppendAsync([Written(31)]);

        var listed = await LoggedMessages.ListAsync(hub, "correlation_id=corr-instant");

        Assert.Equal(Enumerable.Range(1, 31).Reverse().Select(n => $"written-{n}"), listed.Select(e => e.Text("request_id")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_log_kept_by_an_older_hub_is_numbered_without_losing_an_entry(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync())
        {
            // The log as hubs before migration 19 kept it: a text id for a key, entries written in any order of time.
            await connection.ExecuteAsync("""
                DROP TABLE messages;
                CREATE TABLE messages (id TEXT PRIMARY KEY, time BIGINT NOT NULL, direction TEXT NOT NULL, platform_id TEXT NULL,
                    from_party TEXT NULL, to_party TEXT NULL, module TEXT NULL, method TEXT NOT NULL, path TEXT NOT NULL, ocpi_status BIGINT NULL,
                    http_status BIGINT NOT NULL, latency_ms BIGINT NOT NULL, request_id TEXT NOT NULL, correlation_id TEXT NOT NULL,
                    translation_losses TEXT NULL);
                DELETE FROM schema_migrations WHERE version = 19;
                """);
            foreach (var minute in new[] { 3, 1, 4, 2 })
                await connection.ExecuteAsync("""
                    INSERT INTO messages VALUES (@id, @time, 'OUT', 'p1', 'NL*CPA', 'DE*EMA', 'locations', 'PUT', '/locations/1', 1000, 200, 5,
                        @requestId, 'corr-older', @losses)
                    """, new { id = Guid.NewGuid().ToString(), time = start + minute * 60_000L, requestId = $"older-{minute}", losses = minute == 4 ? "a loss" : null });
        }

        await Migrator.MigrateAsync(database);

        var kept = await LoggedMessages.ListAsync(hub, "correlation_id=corr-older");
        Assert.Equal(["older-4", "older-3", "older-2", "older-1"], kept.Select(e => e.Text("request_id")));
        Assert.Equal(("p1", "NL*CPA", "DE*EMA", "locations", "PUT", "/locations/1", 1000, 200, 5),
            (kept[0].Text("platform_id"), kept[0].Text("from"), kept[0].Text("to"), kept[0].Text("module"), kept[0].Text("method"), kept[0].Text("path"),
                kept[0].Number("ocpi_status"), kept[0].Number("http_status"), kept[0].Number("latency_ms")));
        Assert.Equal(["a loss"], kept[0]["translation_losses"]!.AsArray().Select(l => l!.GetValue<string>()));
        await hub.Service<IMessageLog>().AppendAsync([new(DateTimeOffset.UtcNow, MessageDirection.In, null, null, null, "versions", "GET", "/ocpi/versions",
            1000, 200, 1, "newer", "corr-older")]);
        Assert.Equal("newer", (await LoggedMessages.ListAsync(hub, "correlation_id=corr-older"))[0].Text("request_id"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Tokens_never_reach_the_log(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "EMA"), base64Tokens: false);
        var (_, cpoTokenA) = await Partners.RegisterWithHubAsync(hub, cpo);
        var emspTokenA = emsp.IssueTokenA();
        await Partners.HubConnectsAsync(hub, emsp, emspTokenA);
        await hub.AgreeAsync("NL*CPA", "NL*EMA");
        var tokenToCallHub = cpo.TokenToCallHub!;
        using (await cpo.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/hubclientinfo?token={tokenToCallHub}&limit=1")) { }
        using (await cpo.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/hubclientinfo", token: "a-wrong-token-guess")) { }
        await LoggedMessages.ListAsync(hub, "limit=1000", atLeast: 13);

        var stored = await StoredRowsAsync(hub.Service<HubDatabase>());

        Assert.True(stored.Count >= 13, $"{stored.Count} rows");
        string[] secrets = [cpoTokenA, tokenToCallHub, cpo.TokenToCallPartner!, emspTokenA, emsp.TokenToCallHub!, emsp.TokenToCallPartner!, "a-wrong-token-guess"];
        foreach (var secret in secrets.SelectMany(s => new[] { s, Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) }))
            Assert.DoesNotContain(stored, row => row.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(stored, row => row.Contains("/ocpi/2.2.1/hubclientinfo?limit=1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_failing_log_does_not_fail_the_exchange_and_is_counted(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "P" }, 201))["token_a"]!.GetValue<string>();
        await using (var connection = await hub.Service<HubDatabase>().OpenAsync())
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE messages";
            await drop.ExecuteNonQueryAsync();
        }
        var recorder = hub.Service<MessageRecorder>();
        var lostBefore = recorder.Lost;

        using var response = await Onboarding.HandshakeFailureTests.Call(HttpMethod.Get, hub.VersionsUrl, tokenA);

        Assert.Equal(200, (int)response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (recorder.Lost == lostBefore && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(recorder.Lost > lostBefore, "the failed write is counted");
    }

    /// <summary>Every stored row of the message log as one text of all its values.</summary>
    private static async Task<List<string>> StoredRowsAsync(HubDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT * FROM messages";
        await using DbDataReader reader = await select.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_list_of_one_party_is_read_newest_first_along_its_indexes_and_pages_over_both_sides(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var log = hub.Service<IMessageLog>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        MessageEntry Entry(int minute, string? from, string? to) => new(start.AddMinutes(minute), MessageDirection.In, null, from, to, "locations", "PUT",
            "/x", 1000, 200, 1, $"party-{minute}", $"party-{minute}");
        await log.AppendAsync([Entry(1, "NL*AAA", "DE*BBB"), Entry(2, "DE*BBB", "NL*AAA"), Entry(3, "NL*AAA", "NL*AAA"), Entry(4, "NL*CCC", null),
            Entry(5, null, "NL*AAA")]);

        // Sent, received or both, each once, newest first; the second page of two.
        var page = await log.QueryAsync(new MessageQuery(Party: "NL*AAA", Limit: 2, Offset: 1));
        Assert.Equal(["party-3", "party-2"], page.Select(e => e.RequestId));

        // Neither side walks the whole log or reads all of the party's entries to sort them: each is read along its index.
        var (sql, parameters) = MessageLogStore.List(new MessageQuery(Party: "NL*AAA"));
        var plan = await hub.Service<HubDatabase>().PlanAsync(sql, parameters);
        Assert.True(plan.Contains("messages_from_party_time", StringComparison.Ordinal) && plan.Contains("messages_to_party_time", StringComparison.Ordinal), plan);
    }
}
