using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Images (a Location's, an EVSE's, a business's logo) are one object in every version, but 2.3.0's ImageCategory is
/// open and the older ones closed: a category an older version lacks goes as OTHER, reported, rather than one its
/// receivers would refuse the whole Location for.
/// </summary>
public static class ImageTranslation
{
    public static IReadOnlyList<Image>? Down(IReadOnlyList<Image>? images, OcpiVersion to, TranslationContext context) =>
        images?.Select(image => Down(image, to, context)).ToArray();

    public static BusinessDetails? Down(BusinessDetails? details, OcpiVersion to, TranslationContext context) =>
        details?.Logo is { } logo ? details with { Logo = Down(logo, to, context) } : details;

    private static Image Down(Image image, OcpiVersion to, TranslationContext context) =>
        image with { Category = EnumTranslation.Down(image.Category, to, context, nameof(Image), "category", ImageCategory.Other) };
}
