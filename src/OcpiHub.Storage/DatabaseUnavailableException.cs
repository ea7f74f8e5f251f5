using System.Data.Common;

namespace OcpiHub.Storage;

/// <summary>
/// The database gave no connection, or no turn to write, in time: it is down, refuses connections, or every pooled
/// connection is busy. A passing condition of the hub, not a fault of the request: callers answer "retry later".
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? innerException = null) : DbException(message, innerException);
