using System.Net;
using System.Net.Sockets;
using System.Text;
using OcpiHub.Server.Cli;

namespace OcpiHub.Server.Tests.Cli;

/// <summary>
/// A management command whose call gets no answer of the hub's (a proxy's error page, a page that is not JSON, no
/// answer in time) says so in one line and exits 1, as for a hub it cannot reach.
/// </summary>
public sealed class CliErrorTests
{
    private const string ProxyPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n";

    [Theory]
    [InlineData(502, "502 Bad Gateway: <html>")]
    [InlineData(200, "not JSON")]
    [InlineData(null, "did not answer within 1 s")]
    public async Task An_answer_not_from_the_hub_or_none_is_said_in_one_line_with_exit_code_1(int? status, string said)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var answering = AnswerAsync(listener, status, stop.Token);
        using var client = new AdminApiClient($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", "an-admin-key-of-the-hub", TimeSpan.FromSeconds(1));
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await HubCommandLine.RunAsync(["platforms", "list"], client, output, error);

        await stop.CancelAsync();
        await answering;
        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(said, line, StringComparison.Ordinal);
    }

    /// <summary>One connection answered with <see cref="ProxyPage"/> and <paramref name="status"/>; none: held open, unanswered.</summary>
    private static async Task AnswerAsync(TcpListener listener, int? status, CancellationToken stop)
    {
        try
        {
            using var connection = await listener.AcceptTcpClientAsync(stop);
            var stream = connection.GetStream();
            _ = await stream.ReadAsync(new byte[8192], stop); // the request's start: enough to know it came
            if (status is null)
            {
                await Task.Delay(Timeout.Infinite, stop);
                return;
            }
            var page = Encoding.UTF8.GetBytes(ProxyPage);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Bad Gateway")}\r\nContent-Type: text/html\r\nContent-Length: {page.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
            await stream.WriteAsync(page, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
