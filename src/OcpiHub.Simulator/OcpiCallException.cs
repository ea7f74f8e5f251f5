using OcpiHub.Protocol.Common;

namespace OcpiHub.Simulator;

/// <summary>
/// A call to the other platform did not give what OCPI requires. <see cref="OcpiStatus"/> is the code a server
/// answers for it during a handshake: 3001 (its API unusable), 3002 (no mutual version), 3003 (endpoints missing).
/// </summary>
public sealed class OcpiCallException(string message, int ocpiStatus = OcpiStatusCodes.UnableToUseClientApi)
    : InvalidOperationException(message)
{
    public int OcpiStatus { get; } = ocpiStatus;
}
