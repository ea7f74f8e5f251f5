using System.Net;
using System.Net.Http.Headers;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// The admin key is kept as a salted hash, never as the key; <c>ocpihub admin-key rotate</c> issues a new key
/// (printed once), and the running hub takes it at its next admin call: the new key works, the old one is a 401.
/// A file the hub can no longer read refuses every key until it can (it cannot confirm the key has not changed).
/// </summary>
public sealed class AdminKeyRotationTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_rotated_admin_key_works_at_once_and_the_old_one_is_refused(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await hub.StartAsync("--Hub:AdminKey="); // none configured: the data folder keeps it

        var first = await RotateAsync(hub);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(hub, first));
        var second = await RotateAsync(hub);

        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(hub, second));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(hub, first));
        var kept = await File.ReadAllTextAsync(Path.Combine(hub.DataFolder, "admin.key"));
        Assert.StartsWith("pbkdf2-sha256$", kept, StringComparison.Ordinal);
        Assert.DoesNotContain(second, kept, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"AdminKeyHash\": ")] // cut short by a hand edit
    [InlineData("{ \"AdminKeyHash\": \"pbkdf2-sha256$20000$broken\" }")]
    [InlineData(null)] // unreadable: a folder in its place
    public async Task A_secrets_file_the_hub_cannot_read_refuses_the_admin_key_it_last_read_and_says_so_until_it_is_readable_again(string? broken)
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);
        Directory.CreateDirectory(hub.DataFolder);
        var secrets = Path.Combine(hub.DataFolder, "secrets.json");
        await File.WriteAllTextAsync(secrets, "{}");
        await hub.StartAsync("--Hub:AdminKey=", $"--Hub:SecretsFile={secrets}");
        var key = await RotateAsync(hub, $"--Hub:SecretsFile={secrets}");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(hub, key));
        var readable = await File.ReadAllTextAsync(secrets);

        File.Delete(secrets);
        if (broken is null)
            Directory.CreateDirectory(secrets);
        else
            await File.WriteAllTextAsync(secrets, broken);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(hub, key));
        await Eventually.UntilAsync(() => hub.Output, o => o.Any(l => l.Contains("Hub:SecretsFile", StringComparison.Ordinal)), "the error in the log", 10_000);

        if (broken is null)
            Directory.Delete(secrets);
        await File.WriteAllTextAsync(secrets, readable);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(hub, key));
    }

    [Fact]
    public async Task A_plain_key_in_the_data_folder_keeps_working_and_is_stored_hashed_from_then_on()
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);
        Directory.CreateDirectory(hub.DataFolder);
        await File.WriteAllTextAsync(Path.Combine(hub.DataFolder, "admin.key"), "a-key-written-by-an-older-hub");
        await hub.StartAsync("--Hub:AdminKey=");

        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(hub, "a-key-written-by-an-older-hub"));
        Assert.DoesNotContain("a-key-written-by-an-older-hub", await File.ReadAllTextAsync(Path.Combine(hub.DataFolder, "admin.key")), StringComparison.Ordinal);
    }

    private static async Task<string> RotateAsync(HubProcess hub, string? where = null)
    {
        var outcome = await CliProcess.RunAsync(hub, "admin-key", "rotate", where ?? $"--Hub:DataFolder={hub.DataFolder}");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return outcome.Output.Trim().Split(' ')[^1];
    }

    private static async Task<HttpStatusCode> StatusWithAsync(HubProcess hub, string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.BaseUrl}/admin/platforms");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
