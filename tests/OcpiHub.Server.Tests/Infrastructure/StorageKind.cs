namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>The databases every platform and agreement test runs on.</summary>
public enum StorageKind
{
    Sqlite,
    PostgreSql,
}
