namespace OcpiHub.Protocol.Validation;

/// <summary>
/// Control characters (C0, DEL and C1, as <see cref="char.IsControl(char)"/>) are text no OCPI field needs, and a NUL is
/// text PostgreSQL cannot store: they are refused wherever a partner's text comes in (fields, unknown fields, enum
/// values, ids and query values of a URL).
/// </summary>
public static class ControlCharacters
{
    public const string Problem = "must not contain control characters";

    public static bool In(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\u0000', '\u001f') || text.ContainsAnyInRange('\u007f', '\u009f');
}
