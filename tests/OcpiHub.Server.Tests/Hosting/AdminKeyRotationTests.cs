using System.Net;
using System.Net.Http.Headers;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// The admin key is kept as a salted hash, never as the key; <c>ocpihub admin-key rotate</c> issues a new key
/// (printed once), and the running hub takes it at its next admin call: the new key works, the old one is a 401.
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

    private static async Task<string> RotateAsync(HubProcess hub)
    {
        var outcome = await CliProcess.RunAsync(hub, "admin-key", "rotate", $"--Hub:DataFolder={hub.DataFolder}");
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
