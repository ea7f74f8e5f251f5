using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Validation;

/// <summary>
/// Validates an OCPI object of a version against the rules written on its model: required fields, lengths,
/// string kinds, formats, enum membership, then each object's own cross-field rules. One walk for every module.
/// </summary>
public static partial class OcpiValidator
{
    public static IReadOnlyList<ValidationProblem> Validate(object model, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
    {
        var problems = new List<ValidationProblem>();
        if (ModelMetadata.IsList(model))
            CheckList((IEnumerable)model, "$", version, problems);
        else
            CheckObject(model, "$", version, mode, problems);
        return problems;
    }

    /// <summary>
    /// The rules between the fields of a whole object alone (<see cref="IValidatable"/> of the object itself, as on a
    /// full object): what a part of it, valid by itself, can break in the whole.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> RulesOfWhole(object model, OcpiVersion version)
    {
        var problems = new List<ValidationProblem>();
        (model as IValidatable)?.Validate(new ValidationScope("$", version, ValidationMode.Full, problems));
        return problems;
    }

    /// <summary>
    /// Checks that the identifiers of a body agree with those of the URL it was sent to (case-insensitive, as
    /// CiStrings). A field absent from the body (a PATCH) is not a problem.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> MatchUrl(object body, params (string JsonField, string UrlValue)[] urlValues)
    {
        var problems = new List<ValidationProblem>();
        var fields = ModelMetadata.FieldsOf(body.GetType());
        foreach (var (jsonField, urlValue) in urlValues)
        {
            var field = fields.FirstOrDefault(f => f.JsonName == jsonField)
                ?? throw new ArgumentException($"{body.GetType().Name} has no field {jsonField}");
            // An id may be an enum too (a Token's type in its URL's query).
            var value = field.ValueOf(body) is IOcpiEnum code ? code.Value : field.ValueOf(body) as string;
            if (value is not null && !string.Equals(value, urlValue, StringComparison.OrdinalIgnoreCase))
                problems.Add(new($"$.{jsonField}", $"'{value}' differs from '{urlValue}' in the URL"));
        }
        return problems;
    }

    private static void CheckObject(object model, string path, OcpiVersion version, ValidationMode mode, List<ValidationProblem> problems)
    {
        foreach (var field in ModelMetadata.FieldsOf(model.GetType()))
        {
            var value = field.ValueOf(model);
            var fieldPath = new FieldPath(path, field.JsonName);
            if (value is null)
            {
                if (IsRequired(field, version, mode))
                    problems.Add(new(fieldPath.ToString(), "required field missing"));
                continue;
            }
            if (ModelMetadata.IsList(value))
            {
                if (field.NonEmpty && !HasElements((IEnumerable)value))
                    problems.Add(new(fieldPath.ToString(), "must hold at least one element"));
                var index = 0;
                foreach (var element in (IEnumerable)value)
                    CheckValue(field, element, fieldPath with { Index = index++ }, version, problems);
                continue;
            }
            CheckValue(field, value, fieldPath, version, problems);
        }
        if (model is OcpiObject { Extensions: { } unknown })
        {
            foreach (var (name, value) in unknown)
                CheckUnknown(path, () => name, value, problems);
        }
        if (model is IValidatable validatable)
            validatable.Validate(new ValidationScope(path, version, mode, problems));
    }

    /// <summary>
    /// A field's path (<c>$.evses[0].uid</c>), written out only where a problem names it or a nested object needs it
    /// as its own: most fields of a valid object need neither, so most are never written.
    /// </summary>
    private readonly record struct FieldPath(string Parent, string Field, int Index = -1)
    {
        public override string ToString() => Index < 0 ? $"{Parent}.{Field}" : $"{Parent}.{Field}[{Index}]";
    }

    private static bool HasElements(IEnumerable list) => list is ICollection collection ? collection.Count > 0 : list.GetEnumerator().MoveNext();

    private static bool IsRequired(FieldRule field, OcpiVersion version, ValidationMode mode) => mode == ValidationMode.Full
        ? field.Required
        : field.RequiredInPatchSince is { } since && version >= since;

    private static void CheckList(IEnumerable list, string path, OcpiVersion version, List<ValidationProblem> problems)
    {
        var index = 0;
        foreach (var element in list)
        {
            var elementPath = $"{path}[{index++}]";
            if (element is null)
                problems.Add(new(elementPath, "null element"));
            else
                CheckObject(element, elementPath, version, ValidationMode.Full, problems);
        }
    }

    private static void CheckValue(FieldRule field, object? value, FieldPath path, OcpiVersion version, List<ValidationProblem> problems)
    {
        switch (value)
        {
            case null:
                problems.Add(new(path.ToString(), "null element"));
                break;
            case string text:
                CheckText(field, text, path, version, problems);
                break;
            case IOcpiEnum member:
                if (member.Value.Length > EnumDomain.MaxValueLength)
                    problems.Add(new(path.ToString(), $"longer than {EnumDomain.MaxValueLength} characters"));
                else if (ControlCharacters.In(member.Value))
                    problems.Add(new(path.ToString(), ControlCharacters.Problem));
                else if (!ModelMetadata.DomainOf(member.GetType()).Accepts(member.Value, version))
                    problems.Add(new(path.ToString(), $"'{member.Value}' is not a {member.GetType().Name} value in {version.ToWire()}"));
                break;
            case int or long or decimal:
                if (field.Range is { } range && Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) is var number
                    && (number < range.Min || number > range.Max))
                    problems.Add(new(path.ToString(), $"{number} is outside {range.Min}..{range.Max}"));
                break;
            case OcpiObject nested:
                CheckObject(nested, path.ToString(), version, ValidationMode.Full, problems);
                break;
        }
    }

    private static void CheckText(FieldRule field, string text, FieldPath path, OcpiVersion version, List<ValidationProblem> problems)
    {
        if (field.CiStr is { } ci)
        {
            if (text.Length > ci.MaxLength)
                problems.Add(new(path.ToString(), $"longer than {ci.MaxLength} characters"));
            if (text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
                problems.Add(new(path.ToString(), "must be printable ASCII (CiString)"));
        }
        else if (ControlCharacters.In(text))
            problems.Add(new(path.ToString(), ControlCharacters.Problem));
        if (field.Str is { } str && text.Length > str.MaxLength)
            problems.Add(new(path.ToString(), $"longer than {str.MaxLength} characters"));
        if (field.Url && !IsUrl(text))
            problems.Add(new(path.ToString(), "not an absolute http(s) URL of at most 255 characters"));
        if (field.Format is { } format && !FormatPattern(format, version).IsMatch(text))
            problems.Add(new(path.ToString(), $"'{text}' is not a valid {Describe(format, version)}"));
    }

    /// <summary>
    /// A field the model does not know, kept and relayed as it came: its names and strings, at any depth, must be text
    /// too (no control characters, no lone surrogate), or the hub could not store it or a receiver read it.
    /// </summary>
    private static void CheckUnknown(string parent, Func<string> name, JsonElement value, List<ValidationProblem> problems)
    {
        if (TextProblem(name) is { } problem)
            problems.Add(new(parent, "a field name " + problem));
        else
            CheckUnknownValue(value, $"{parent}.{name()}", problems);
    }

    private static void CheckUnknownValue(JsonElement value, string path, List<ValidationProblem> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when TextProblem(() => value.GetString()!) is { } problem:
                problems.Add(new(path, problem));
                break;
            case JsonValueKind.Number when !IsKeepable(value):
                problems.Add(new(path, "a number beyond what the hub keeps (within a double's range, at most 64 characters, an exponent of at most 3 digits)"));
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    CheckUnknown(path, () => property.Name, property.Value, problems);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                    CheckUnknownValue(element, $"{path}[{index++}]", problems);
                break;
        }
    }

    /// <summary>
    /// Whether a number of an unknown field, kept as written, is one every store and reader takes: PostgreSQL's jsonb
    /// refuses 1e1000000 and 0e-20000 (beyond 131,072 digits before the point or 16,383 after it), and many a
    /// partner's parser anything beyond a double.
    /// </summary>
    private static bool IsKeepable(JsonElement number)
    {
        var text = number.GetRawText();
        var exponent = text.AsSpan(text.IndexOfAny(['e', 'E']) + 1);
        return text.Length <= 64 && (exponent.Length == text.Length || exponent.TrimStart("+-").Length <= 3)
            && number.TryGetDouble(out var value) && double.IsFinite(value);
    }

    // The reader keeps an unknown field's escapes as sent and decodes them only when asked: a lone surrogate fails there.
    private static string? TextProblem(Func<string> read)
    {
        try
        {
            return ControlCharacters.In(read()) ? ControlCharacters.Problem : null;
        }
        catch (InvalidOperationException)
        {
            return "holds a lone surrogate (not UTF-16 text)";
        }
    }

    private static bool IsUrl(string text) =>
        text.Length <= 255
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static Regex FormatPattern(TextFormat format, OcpiVersion version) => format switch
    {
        TextFormat.Latitude => version == OcpiVersion.V211 ? Latitude211() : Latitude(),
        TextFormat.Longitude => version == OcpiVersion.V211 ? Longitude211() : Longitude(),
        TextFormat.HourMinute => HourMinute(),
        TextFormat.Date => Date(),
        TextFormat.Currency => Upper3(),
        TextFormat.Language => Language(),
        TextFormat.CountryCode => Letters2(),
        TextFormat.Country => Upper3(),
        TextFormat.PartyId => PartyId(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Describe(TextFormat format, OcpiVersion version) => format switch
    {
        TextFormat.Latitude or TextFormat.Longitude => $"{format.ToString().ToLowerInvariant()} ({(version == OcpiVersion.V211 ? "6" : "5 to 7")} decimals)",
        TextFormat.HourMinute => "time HH:MM",
        TextFormat.Date => "date YYYY-MM-DD",
        TextFormat.Currency => "ISO 4217 currency code",
        TextFormat.Language => "ISO 639-1 language code",
        TextFormat.CountryCode => "ISO 3166-1 alpha-2 country code",
        TextFormat.Country => "ISO 3166-1 alpha-3 country code",
        TextFormat.PartyId => "party id (3 letters or digits)",
        _ => format.ToString(),
    };

    [GeneratedRegex(@"^-?[0-9]{1,2}\.[0-9]{6}$")] private static partial Regex Latitude211();
    [GeneratedRegex(@"^-?[0-9]{1,3}\.[0-9]{6}$")] private static partial Regex Longitude211();
    [GeneratedRegex(@"^-?[0-9]{1,2}\.[0-9]{5,7}$")] private static partial Regex Latitude();
    [GeneratedRegex(@"^-?[0-9]{1,3}\.[0-9]{5,7}$")] private static partial Regex Longitude();
    [GeneratedRegex(@"^([0-1][0-9]|2[0-3]):[0-5][0-9]$")] private static partial Regex HourMinute();
    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")] private static partial Regex Date();
    [GeneratedRegex(@"^[A-Z]{3}$")] private static partial Regex Upper3();
    [GeneratedRegex(@"^[A-Za-z]{2}$")] private static partial Regex Letters2();
    [GeneratedRegex(@"^[a-z]{2}$")] private static partial Regex Language();
    [GeneratedRegex(@"^[A-Za-z0-9]{3}$")] private static partial Regex PartyId();
}
