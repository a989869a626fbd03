using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// The refusals that mean the image itself is hostile or broken, not that a service failed: a layer entry runtimes
/// read differently, a hard link to nothing, a package database over a limit. Each would otherwise let packages
/// vanish from the SBOM, so a stage never fails open on them.
/// </summary>
public static class ImageRefusal
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        DiagnosticIds.LayerEntryNotSupported,
        DiagnosticIds.LayerEntryEscapesRoot,
        DiagnosticIds.HardLinkTargetMissing,
        DiagnosticIds.ImageFileTooLarge,
        DiagnosticIds.SelectedBytesLimitExceeded,
    };

    public static bool Is(ScDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return Keys.Contains(diagnostic.ResourceKey);
    }
}
