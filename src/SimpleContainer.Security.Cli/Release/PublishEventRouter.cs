using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// The release's one central MSBuild logger: sends each error, warning and high-importance message to the publish
/// whose submission logged it (every event carries its submission's id), so parallel publishes in shared nodes keep
/// separate logs. The nodes forward nothing else (<see cref="ForwardedEvents"/>): the stage lines are high-importance
/// messages, so the quieter traffic of a build never crosses to this process.
/// </summary>
internal sealed class PublishEventRouter : ILogger
{
    /// <summary>The ConfigurableForwardingLogger's parameters: what each node sends to this logger.</summary>
    public const string ForwardedEvents = "ERROREVENT;WARNINGEVENT;HIGHMESSAGEEVENT";

    private readonly ConcurrentDictionary<int, PublishEvents> publishes = new();

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Minimal;

    public string? Parameters { get; set; }

    /// <summary>Events of <paramref name="submissionId"/> go to <paramref name="events"/> from now on; register before the submission starts.</summary>
    public void Register(int submissionId, PublishEvents events) => publishes[submissionId] = events;

    public void Unregister(int submissionId) => publishes.TryRemove(submissionId, out _);

    public void Initialize(IEventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        eventSource.ErrorRaised += (_, e) => For(e.BuildEventContext)?.Diagnostic(new PublishDiagnostic(true, e.Code, e.Message ?? string.Empty), Located(e.File, e.LineNumber, e.ColumnNumber));
        eventSource.WarningRaised += (_, e) => For(e.BuildEventContext)?.Diagnostic(new PublishDiagnostic(false, e.Code, e.Message ?? string.Empty), Located(e.File, e.LineNumber, e.ColumnNumber));
        eventSource.MessageRaised += (_, e) =>
        {
            // A tool's command line is a message too, which the console logger leaves out at minimal verbosity.
            if (e.Importance == MessageImportance.High && e is not TaskCommandLineEventArgs && e.Message is { } message)
            {
                For(e.BuildEventContext)?.Message(message);
            }
        };
    }

    public void Shutdown()
    {
    }

    private PublishEvents? For(BuildEventContext? context) =>
        context is not null && publishes.TryGetValue(context.SubmissionId, out var events) ? events : null;

    private static string? Located(string? file, int line, int column) =>
        string.IsNullOrEmpty(file) ? null : line > 0 ? $"{file}({line},{column})" : file;
}
