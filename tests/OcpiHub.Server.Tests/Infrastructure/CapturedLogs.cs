using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// Everything a hub logged, as any log sink could see it: the message, every structured value, every scope and the
/// exception. It takes what the hub's log levels let through (<c>--Logging:LogLevel:…</c>; the tests' default is Warning).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            Append(line, state);
            logs.scopes.ForEachScope((scope, text) => Append(text, scope), line);
            if (exception is not null)
                line.Append(' ').Append(exception);
            logs.lines.Enqueue(line.ToString());
        }

        private static void Append(StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values)
                    line.Append($" {key}={value}");
            else
                line.Append(' ').Append(state);
        }
    }
}
