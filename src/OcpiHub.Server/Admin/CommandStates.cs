using OcpiHub.Core.Commands;
using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Admin;

/// <summary>The commands forwarded under one correlation id, each with every message of that id, oldest first.</summary>
public sealed class CommandStates(ICommandStore store, IMessageLog log)
{
    public async Task<IReadOnlyList<CommandView>> OfAsync(string correlationId, CancellationToken cancellationToken)
    {
        var relays = await store.ByCorrelationAsync(correlationId, cancellationToken);
        var messages = await log.QueryAsync(new MessageQuery(correlationId, Limit: MessageQuery.MaxLimit), cancellationToken);
        return relays.Select(r => CommandView.Of(r, messages)).ToList();
    }
}

/// <summary>One forwarded command as the admin API shows it.</summary>
public sealed record CommandView(string Id, string Command, string CorrelationId, string State, string Emsp, string EmspPlatformId, string Cpo,
    string CpoPlatformId, string? Answer, string? Result, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<MessageView> Messages)
{
    public static CommandView Of(CommandRelay r, IReadOnlyList<MessageEntry> messages) => new(r.Id, r.Command, r.CorrelationId, NameOf(r.State),
        r.Emsp.ToString(), r.EmspPlatformId, r.Cpo.ToString(), r.CpoPlatformId, r.Answer, r.Result, r.CreatedAt, r.ExpiresAt, r.FinishedAt,
        [.. messages.OrderBy(m => m.Time).Select(MessageView.Of)]);

    private static string NameOf(CommandState state) => state switch
    {
        CommandState.Forwarded => "FORWARDED",
        CommandState.Answered => "ANSWERED",
        CommandState.ResultRelayed => "RESULT_RELAYED",
        CommandState.TimedOut => "TIMED_OUT",
        CommandState.Failed => "FAILED",
        _ => state.ToString(),
    };
}
