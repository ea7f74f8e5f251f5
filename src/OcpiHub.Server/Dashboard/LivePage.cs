using Microsoft.AspNetCore.Components;

namespace OcpiHub.Server.Dashboard;

/// <summary>
/// A view that stays current: loaded when rendered, then, once interactive, loaded again every
/// <see cref="RefreshEvery"/> until the operator leaves it (sync progress, delivery backlog, status).
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource leaving = new();

    protected virtual TimeSpan RefreshEvery => TimeSpan.FromSeconds(2);

    /// <summary>Cancelled when the operator leaves the page.</summary>
    protected CancellationToken Leaving => leaving.Token;

    protected abstract Task LoadAsync();

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            _ = RefreshAsync();
    }

    /// <summary>Reloads now (after an operator's action) and renders.</summary>
    protected async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(leaving.Token))
                await InvokeAsync(ReloadAsync);
        }
        catch (OperationCanceledException)
        {
            // The operator left the page.
        }
    }

    public void Dispose()
    {
        leaving.Cancel();
        leaving.Dispose();
        GC.SuppressFinalize(this);
    }
}
