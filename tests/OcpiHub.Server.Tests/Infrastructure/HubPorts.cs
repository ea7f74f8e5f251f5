using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// Ports for hub processes, taken below the system's ephemeral range. Every other listener of a test run (simulated
/// partners, in-process hubs) binds port 0 and is given a port from that range, so a port a hub process holds, or
/// leaves free between a kill and its restart, is never handed to another listener; and no port is handed out twice.
/// </summary>
internal static class HubPorts
{
    private const int LowestPort = 1024;

    // A random start, so two test runs on one machine rarely walk the same ports.
    private static int next = FirstEphemeralPort() - Random.Shared.Next(1, Math.Min(10_000, FirstEphemeralPort() - LowestPort));

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Decrement(ref next);
            if (port < LowestPort)
                throw new InvalidOperationException("no port left below the ephemeral range for hub processes");
            if (!Taken(port))
                return port;
        }
    }

    public static bool Taken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Linux names its range; elsewhere the IANA dynamic range (Windows, macOS) begins at 49152.</summary>
    private static int FirstEphemeralPort()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var first)
            && first > LowestPort + 1)
            return first;
        return 49152;
    }
}
