namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// Test classes that assert how soon the hub answers (a budget plus a margin, a fast receiver within seconds while a
/// slow one hangs). They run on their own, after the classes that run side by side, so their margins measure the hub,
/// not how busy the machine was with other tests.
/// </summary>
[CollectionDefinition(nameof(TimedTests), DisableParallelization = true)]
public sealed class TimedTests
{
    /// <summary>
    /// An authorization budget (default 3 s) a busy machine cannot exhaust, for tests outside this collection whose
    /// requests go through it without testing it.
    /// </summary>
    public const string UnhurriedAuthorizations = "--Hub:Forwarding:AuthorizationTimeoutSeconds=30";
}
