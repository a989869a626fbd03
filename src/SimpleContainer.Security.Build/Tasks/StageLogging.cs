using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>Maps a stage's result to MSBuild: every diagnostic logged with its code, artifacts as items.</summary>
internal static class StageLogging
{
    /// <summary>Logs the stage's diagnostics; false only when a required stage failed.</summary>
    public static bool LogStage(this TaskLoggingHelper log, StageResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            log.Log(diagnostic);
        }

        return result.Outcome != StageOutcome.Failed;
    }

    public static ITaskItem ToItem(SecurityArtifact artifact)
    {
        var item = new TaskItem(artifact.Path);
        item.SetMetadata("Kind", artifact.Kind);
        item.SetMetadata("Digest", artifact.Digest ?? string.Empty);
        return item;
    }
}
