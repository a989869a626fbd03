using System.Globalization;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>One line per event, for logs: output that is not a terminal, or <c>CI=true</c>.</summary>
internal sealed class PlainReleaseProgress(TextWriter output) : IReleaseProgress
{
    private readonly Lock gate = new();

    public void Started(ReleaseProject project)
    {
        lock (gate)
        {
            output.WriteLine($"[release] {project.Name}: publishing {project.Repository} ({string.Join(", ", project.Tags)})");
        }
    }

    public void Finished(ReleaseImageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[release] {result.Project}: {result.Outcome} in {result.DurationSeconds:0.0} s{(result.Digest is null ? string.Empty : $" ({result.Digest})")}"));
        }
    }
}
