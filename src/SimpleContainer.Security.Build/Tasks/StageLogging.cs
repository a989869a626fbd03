using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>Maps the pipeline's artifacts to <c>ScSecurityArtifact</c> items (metadata Kind and Digest).</summary>
internal static class StageLogging
{
    public static ITaskItem ToItem(SecurityArtifact artifact)
    {
        var item = new TaskItem(artifact.Path);
        item.SetMetadata("Kind", artifact.Kind);
        item.SetMetadata("Digest", artifact.Digest ?? string.Empty);
        if (artifact.PredicateType is not null)
        {
            item.SetMetadata("PredicateType", artifact.PredicateType);
        }

        return item;
    }
}
