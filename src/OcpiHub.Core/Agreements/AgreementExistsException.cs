using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Agreements;

/// <summary>A new agreement refused by the store: the CPO and eMSP already have one that has not ended.</summary>
public sealed class AgreementExistsException(PartyKey cpo, PartyKey emsp) : Exception($"{cpo} and {emsp} already have an agreement");
