using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Data;

/// <summary>
/// The <c>cursor</c> of a <c>Link</c> the hub gives: the position of the last object of the page
/// (<see cref="ObjectPosition"/>), opaque to the client, so the next page starts right after it whatever was
/// added or changed meanwhile, and costs the same at any depth.
/// </summary>
public static class PageCursor
{
    private const char Separator = '~';

    public static string Write(ObjectPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{position.CreatedAt.ToString(CultureInfo.InvariantCulture)}{Separator}{position.Owner}{Separator}{position.Key}"));

    /// <summary>The position a cursor names, or null when it is not one the hub wrote.</summary>
    public static ObjectPosition? Read(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator, 3);
            return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var createdAt)
                                     && PartyKey.TryParse(parts[1], out var owner)
                ? new ObjectPosition(createdAt, owner, parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
