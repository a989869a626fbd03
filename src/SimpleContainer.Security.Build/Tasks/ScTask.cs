using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>Base of every task: cancellation wired to MSBuild's Ctrl+C.</summary>
public abstract class ScTask : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    protected CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
