using System.Collections.Concurrent;
using NJsonSchema;
using NJsonSchema.Validation;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// An oracle independent of the hub's code: the JSON Schemas of <c>../shared/ocpi-schema</c> (draft-07, written
/// from another project's models) checked against what partners receive from the hub and what the hub serves them.
/// The schema is chosen by the version, the module, the URL depth (location, EVSE, connector) and the method
/// (PUT whole, PATCH partial); 2.3.0 has no schemas and is not checked. The schemas' own known mistakes (their
/// NOTICE.md) are tolerated by name in <see cref="Errata"/>, nothing else.
/// </summary>
public static class SchemaOracle
{
    /// <summary>A mistake of the schemas, not of the hub: a violation it matches is not one.</summary>
    private sealed record Erratum(string Name, Func<string, ValidationError, bool> Matches);

    private static readonly string[] WholeObjectSchemas = ["location", "tariff", "session", "cdr", "token"];

    private static readonly Erratum[] Errata =
    [
        new("2.2.1 EnvironmentalImpact: the schema names the field source, the spec category",
            (schema, e) => schema.StartsWith("ocpi.2_2_1.", StringComparison.Ordinal) && e.Path?.Contains("environmental_impact", StringComparison.Ordinal) == true
                && (e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && FieldOf(e) == "category" || e.Kind == ValidationErrorKind.PropertyRequired && FieldOf(e) == "source")),
        new("2.1.1 evse_id: the schema's pattern allows only * separators, 2.1.1 examples and eMI3 also -",
            (schema, e) => schema.StartsWith("ocpi.2_1_1.", StringComparison.Ordinal) && e.Kind == ValidationErrorKind.PatternMismatch && FieldOf(e) == "evse_id"),
        new("2.1.1 tariff restrictions day_of_week: the schema wants one value, the spec a list",
            (schema, e) => schema.StartsWith("ocpi.2_1_1.", StringComparison.Ordinal) && e.Path?.Contains("day_of_week", StringComparison.Ordinal) == true),
        new("status_schedule.period_end: the schema requires it, the spec makes it optional",
            (_, e) => e.Kind == ValidationErrorKind.PropertyRequired && FieldOf(e) == "period_end"),
        // Not a mistake of the schemas but the one field pair the product adds on purpose (product spec, section 4):
        // a 2.1.1 reader gets the owner's ids on whole top-level objects, and nowhere else.
        new("2.1.1 owner ids back-ported: country_code and party_id at the top of a whole Location, Tariff, Session, CDR or Token",
            (schema, e) => schema.StartsWith("ocpi.2_1_1.", StringComparison.Ordinal) && !schema.Contains(".partial", StringComparison.Ordinal)
                && WholeObjectSchemas.Any(o => schema.StartsWith($"ocpi.2_1_1.{o}", StringComparison.Ordinal))
                && e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && FieldOf(e) is "country_code" or "party_id" && AtTopOfObject(e.Path)),
    ];

    /// <summary>Whether a path names a field of the object itself (a body, a single <c>data</c>, or an item of a <c>data</c> page).</summary>
    private static bool AtTopOfObject(string? path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path ?? "", @"^#?/?(data(\[\d+\])?[./])?(country_code|party_id)$");

    /// <summary>The field a violation is about: its property, or the last step of its path.</summary>
    private static string? FieldOf(ValidationError e) => e.Property ?? e.Path?.Split('.', '/')[^1];

    // Where an optional or nullable field is wrapped in anyOf, the branches that only say "absent" or "null".
    private static readonly ValidationErrorKind[] AlternativeOnly = [ValidationErrorKind.NullExpected, ValidationErrorKind.ExcludedSchemaValidates];

    private static readonly ConcurrentDictionary<string, JsonSchema?> Schemas = new();
    private static readonly Lazy<string> Folder = new(Locate);

    /// <summary>What <paramref name="partner"/> received (<see cref="SimulatedPartner.Requests"/>), every body a schema covers checked.</summary>
    public static IReadOnlyList<RecordedRequest> CheckedRequests(this SimulatedPartner partner) => AssertValid(partner.Requests);

    /// <summary>Every body partners received from the hub that a schema covers is valid.</summary>
    public static IReadOnlyList<RecordedRequest> AssertValid(IReadOnlyList<RecordedRequest> received)
    {
        foreach (var request in received.Where(r => r.Method is "PUT" or "PATCH" or "POST" && r.Body.Length > 0))
            AssertValid(SentSchema(request.Method, request.Path), request.Body, $"{request.Method} {request.Path}");
        return received;
    }

    /// <summary>A success envelope the hub served on a GET of <paramref name="path"/> (a page or one object) is valid.</summary>
    public static void AssertValidServed(string path, string envelope) =>
        AssertValid(ServedSchema(path), envelope, "GET " + path);

    /// <summary>One object of <paramref name="version"/> (e.g. the token inside an AuthorizationInfo) is valid against the schema <paramref name="name"/>.</summary>
    public static void AssertValidObject(OcpiVersion version, string name, string json) => AssertValid(SchemaName(version, name), json, name);

    /// <summary>The schema file's name for an object of this version; none for 2.3.0.</summary>
    private static string? SchemaName(OcpiVersion version, string name) => version switch
    {
        OcpiVersion.V211 => $"ocpi.2_1_1.{name}",
        OcpiVersion.V221 => $"ocpi.2_2_1.{name}",
        _ => null,
    };

    private static void AssertValid(string? schemaName, string json, string what)
    {
        if (schemaName is null || Load(schemaName) is not { } schema)
            return;
        var violations = schema.Validate(json).Where(e => !Tolerated(schemaName, e)).SelectMany(Describe).ToList();
        Assert.True(violations.Count == 0, $"{what} violates {schemaName}:\n  {string.Join("\n  ", violations)}\n{json}");
    }

    /// <summary>What a hub's request to a partner carries: <c>/ocpi/{version}[/{interface}]/{module}/{country}/{party}/{ids…}</c>.</summary>
    private static string? SentSchema(string method, string path)
    {
        if (Address.Parse(path) is not { } address)
            return null;
        var objectIds = address.Ids.Count - 2;
        return (address.Module, method) switch
        {
            ("credentials", "POST") => address.Schema("credentials"),
            ("hubclientinfo", "PUT") => address.Schema("hubclientinfo"),
            ("cdrs", "POST") => address.Schema("cdr"),
            ("commands", "POST") when address.Ids.Count == 1 => address.Schema($"commands.{address.Ids[0].ToLowerInvariant()}.request"),
            ("commands", "POST") => address.Schema("commands.result"),
            (_, "PUT" or "PATCH") when ObjectOf(address.Module, objectIds) is { } name => address.Schema(method == "PATCH" ? name + ".partial" : name),
            _ => null,
        };
    }

    /// <summary>What the hub serves: a page of its sender interface, or one object (sender: by ids; receiver: by owner and ids).</summary>
    private static string? ServedSchema(string path)
    {
        if (Address.Parse(path) is not { } address)
            return null;
        if (address.Ids.Count == 0) // a page of a data module (hubclientinfo has no page schema)
            return ObjectOf(address.Module, 1) is null ? null : address.Schema(address.Module + ".response");
        var objectIds = address.Interface == "sender" ? address.Ids.Count : address.Ids.Count - 2;
        return ObjectOf(address.Module, objectIds) is { } name ? address.Schema(name + ".response") : null;
    }

    private static string? ObjectOf(string module, int objectIds) => (module, objectIds) switch
    {
        ("locations", 1) => "location",
        ("locations", 2) => "evse",
        ("locations", 3) => "connector",
        ("tariffs", 1) => "tariff",
        ("sessions", 1) => "session",
        ("cdrs", 1) => "cdr",
        ("tokens", 1) => "token",
        _ => null,
    };

    private sealed record Address(OcpiVersion Version, string? Interface, string Module, IReadOnlyList<string> Ids)
    {
        public static Address? Parse(string path)
        {
            var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s != "ocpi").Skip(1).ToList();
            if (segments.Count < 2 || !OcpiVersions.TryParse(segments[0], out var version))
                return null;
            var rest = segments.Skip(1).ToList();
            var role = rest[0] is "sender" or "receiver" ? rest[0] : null;
            if (role is not null)
                rest.RemoveAt(0);
            return rest.Count == 0 ? null : new(version, role, rest[0], rest.Skip(1).Select(Uri.UnescapeDataString).ToList());
        }

        public string? Schema(string name) => SchemaName(Version, name);
    }

    /// <summary>
    /// An anyOf holds if one branch's violations are all tolerated; a violation inside objects and arrays if all
    /// its inner ones are; a plain violation if an erratum names it.
    /// </summary>
    private static bool Tolerated(string schema, ValidationError error) => error switch
    {
        ChildSchemaValidationError { Kind: ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf } choice =>
            choice.Errors.Values.Any(branch => branch.All(e => Tolerated(schema, e))),
        ChildSchemaValidationError nested when nested.Errors.Count > 0 => nested.Errors.Values.SelectMany(e => e).All(e => Tolerated(schema, e)),
        _ => Errata.Any(erratum => erratum.Matches(schema, error)),
    };

    /// <summary>The violations as a reader wants them: of an anyOf, the branch that came closest (not "absent" or "null").</summary>
    private static IEnumerable<string> Describe(ValidationError error)
    {
        if (error is not ChildSchemaValidationError { Errors.Count: > 0 } nested)
            return [$"{error.Path}: {error.Kind}{(error.Property is null ? "" : $" ({error.Property})")}"];
        if (error.Kind is not (ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf))
            return nested.Errors.Values.SelectMany(e => e).SelectMany(Describe);
        var branches = nested.Errors.Values.Select(b => b.SelectMany(Describe).ToList()).ToList();
        var meaningful = nested.Errors.Values.Zip(branches).Where(b => !b.First.All(e => AlternativeOnly.Contains(e.Kind))).Select(b => b.Second).ToList();
        return (meaningful.Count > 0 ? meaningful : branches).MinBy(b => b.Count)!;
    }

    private static JsonSchema? Load(string name) => Schemas.GetOrAdd(name, n =>
    {
        var file = Path.Combine(Folder.Value, n + ".json");
        return File.Exists(file) ? JsonSchema.FromJsonAsync(File.ReadAllText(file)).GetAwaiter().GetResult() : null;
    });

    /// <summary>Beside the repository, as the OCPI specification is (<c>OCPIHUB_SCHEMA_DIR</c> overrides it).</summary>
    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("OCPIHUB_SCHEMA_DIR") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OcpiHub.slnx")))
            {
                var schemas = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "ocpi-schema"));
                return Directory.Exists(schemas) ? schemas : throw new DirectoryNotFoundException($"OCPI JSON Schemas not found at {schemas} (set OCPIHUB_SCHEMA_DIR)");
            }
        }
        throw new DirectoryNotFoundException("repository root (OcpiHub.slnx) not found above " + AppContext.BaseDirectory);
    }
}
