using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// What one publish logged, gathered as its events arrive (on MSBuild's logging thread): the stages it reached, told on
/// at once, its errors and warnings for the summary, and its log's lines, as the console logger would print them at
/// minimal verbosity.
/// </summary>
internal sealed class PublishEvents(Action<string> stageStarted)
{
    private readonly Lock gate = new();
    private readonly List<PublishDiagnostic> diagnostics = [];
    private readonly List<string> lines = [];

    public IReadOnlyList<PublishDiagnostic> Diagnostics
    {
        get
        {
            lock (gate)
            {
                return [.. diagnostics];
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public void Diagnostic(PublishDiagnostic diagnostic, string? location)
    {
        lock (gate)
        {
            diagnostics.Add(diagnostic);
            lines.Add(location is null ? diagnostic.ToString() : $"{location}: {diagnostic}");
        }
    }

    public void Message(string message)
    {
        lock (gate)
        {
            lines.Add(message);
        }

        if (PublishStageLine.StageOf(message) is { } stage)
        {
            stageStarted(stage);
        }
    }
}
