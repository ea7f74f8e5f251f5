namespace OcpiHub.Protocol.Tests.SpecCorpus;

/// <summary>
/// Spec examples that are wrong, by name, with the reason and exactly the problems that reason causes. The
/// corpus test asserts each fails for these problems and no other; the model is never loosened for them.
/// A wrongly typed value stops parsing, so such an example shows that one problem.
/// </summary>
public static class Errata
{
    public sealed record Erratum(string Reason, params string[] Problems);

    private const string NoLastUpdated = "the example omits last_updated, which a Tariff requires";
    private const string OldPriceShape = "2.3.0 example written with the 2.2.1 Price shape (excl_vat/incl_vat instead of before_taxes/taxes)";

    public static readonly IReadOnlyDictionary<string, Erratum> Examples = new Dictionary<string, Erratum>
    {
        ["2.1.1/mod_tariffs.md#0"] = new(NoLastUpdated, "$.last_updated: required field missing"),
        ["2.2.1/tariff_put_example.json"] = new(NoLastUpdated, "$.last_updated: required field missing"),
        ["2.3.0/tariff_put_example.json"] = new(NoLastUpdated, "$.last_updated: required field missing"),

        ["2.1.1/mod_locations.md#3"] = new("physical_reference is a number (string(16) in the spec) and the floor is sent as 'floor' instead of 'floor_level'",
            "$.physical_reference: wrong JSON type for this field"),
        ["2.2.1/location_put_example_add_evse.json"] = new("physical_reference is a number (string(16) in the spec) and the floor is sent as 'floor' instead of 'floor_level'",
            "$.physical_reference: wrong JSON type for this field"),
        ["2.3.0/location_put_example_add_evse.json"] = new("physical_reference is a number (string(16) in the spec) and the floor is sent as 'floor' instead of 'floor_level'",
            "$.physical_reference: wrong JSON type for this field"),

        ["2.3.0/location_example.json"] = new("EVSE parking is a list of parking ids; 2.3.0 defines EVSEParking objects (fixed in edition 2)",
            "$.evses[0].parking[0]: wrong JSON type for this field"),
        ["2.3.0/location_example_parking_garage_opening_hours.json"] = new("EVSE parking is a list of parking ids; 2.3.0 defines EVSEParking objects (fixed in edition 2)",
            "$.evses[0].parking[0]: wrong JSON type for this field"),

        ["2.1.1/mod_sessions.md#1"] = new("the embedded Location gives country 'BE'; 2.1.1 wants ISO 3166-1 alpha-3 ('BEL')",
            "$.location.country: 'BE' is not a valid ISO 3166-1 alpha-3 country code"),
        ["2.1.1/mod_sessions.md#2"] = new("the embedded Location gives country 'BE'; 2.1.1 wants ISO 3166-1 alpha-3 ('BEL')",
            "$.location.country: 'BE' is not a valid ISO 3166-1 alpha-3 country code"),
        ["2.1.1/mod_cdrs.md#0"] = new("a tariff price is the string \"2.00\"; prices are numbers",
            "$.tariffs[0].elements[0].price_components[0].price: wrong JSON type for this field"),

        ["2.3.0/cdr_example.json"] = new("the embedded Tariff lacks tax_included, required in 2.3.0",
            "$.tariffs[0].tax_included: required field missing"),

        ["2.3.0/payment_financial_advice_confirmation_create.json"] = new(OldPriceShape,
            "$.total_costs.before_taxes: required field missing",
            "$.total_costs.excl_vat: unknown field",
            "$.total_costs.incl_vat: unknown field"),
        ["2.3.0/payment_financial_advice_confirmation_example_success.json"] = new(OldPriceShape,
            "$.total_costs.before_taxes: required field missing",
            "$.total_costs.excl_vat: unknown field",
            "$.total_costs.incl_vat: unknown field"),
        ["2.3.0/payment_financial_advice_confirmation_example_failure.json"] = new(OldPriceShape + "; eft_data (required, +) is missing",
            "$.total_costs.before_taxes: required field missing",
            "$.eft_data: required field missing",
            "$.total_costs.excl_vat: unknown field",
            "$.total_costs.incl_vat: unknown field"),
        ["2.3.0/payment_terminal_create_minimal.json"] = new("a Terminal without last_updated, which the object requires",
            "$.last_updated: required field missing"),
        ["2.3.0/payment_terminal_put_update.json"] = new("a PUT body holding only the changed fields: no terminal_id, and 'someNewURL' as invoice_base_url",
            "$.terminal_id: required field missing",
            "$.invoice_base_url: not an absolute http(s) URL of at most 255 characters"),
    };
}
