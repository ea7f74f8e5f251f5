namespace OcpiHub.Protocol.V221;

// Sessions module, 2.2.1: the 2.3.0 Session fields with the 2.2.1 Price.

/// <summary>A charging session at a CPO, with 2.2.1 prices.</summary>
public sealed record Session : V230.SessionFields<Price>;
