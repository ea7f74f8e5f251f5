using System.Globalization;

namespace OcpiHub.Server.Admin;

/// <summary>Query parameters read as text, so that a bad one is a 400 saying what it should be (bound as a number, it was a bare 400).</summary>
public static class AdminQuery
{
    /// <summary><c>limit</c> as given, kept within 1 to <paramref name="max"/> (none: <paramref name="otherwise"/>); null when it is no whole number.</summary>
    public static int? Limit(string? text, int otherwise, int max) =>
        text is null ? otherwise
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) ? Math.Clamp(limit, 1, max)
        : null;

    public static AdminProblem BadLimit(int max) => AdminProblem.BadRequest($"limit is a whole number (at most {max} are listed)");
}
