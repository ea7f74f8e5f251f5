namespace OcpiHub.Protocol.V221;

// CDRs module, 2.2.1: the 2.3.0 CDR fields with the 2.2.1 Price and Tariff.

/// <summary>A charge detail record, with 2.2.1 prices and tariffs.</summary>
public sealed record Cdr : V230.CdrFields<Price, Tariff>;
