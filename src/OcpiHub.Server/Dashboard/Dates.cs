using System.Globalization;

namespace OcpiHub.Server.Dashboard;

/// <summary>Times as the dashboard shows them: UTC, to the second.</summary>
public static class Dates
{
    public static string Short(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "";

    public static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
