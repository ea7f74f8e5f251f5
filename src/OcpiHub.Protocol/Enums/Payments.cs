namespace OcpiHub.Protocol.Enums;

/// <summary>Who creates the invoice of a terminal payment (2.3.0 Payments). Spec: <c>InvoiceCreator</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<InvoiceCreator>))]
public readonly record struct InvoiceCreator(string Value) : IOcpiEnum<InvoiceCreator>
{
    public static readonly InvoiceCreator Cpo = new("CPO");
    public static readonly InvoiceCreator Ptp = new("PTP");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V230, "CPO", "PTP");

    public static InvoiceCreator From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Outcome of a payment capture (2.3.0 Payments). Spec: <c>CaptureStatusCode</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<CaptureStatusCode>))]
public readonly record struct CaptureStatusCode(string Value) : IOcpiEnum<CaptureStatusCode>
{
    public static readonly CaptureStatusCode Success = new("SUCCESS");
    public static readonly CaptureStatusCode PartialSuccess = new("PARTIAL_SUCCESS");
    public static readonly CaptureStatusCode Failed = new("FAILED");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V230, "SUCCESS", "PARTIAL_SUCCESS", "FAILED");

    public static CaptureStatusCode From(string value) => new(value);

    public override string ToString() => Value;
}
