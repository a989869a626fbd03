using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Pipeline.PrePush;

/// <summary>
/// The OCI platform a container runtime identifier builds for, as the SDK's CreateNewImage picks the base image's
/// platform: <c>linux-x64</c> and <c>linux-musl-x64</c> are <c>linux/amd64</c>, <c>linux-arm64</c> is
/// <c>linux/arm64</c>, <c>linux-arm</c> is <c>linux/arm/v7</c>, <c>win-x64</c> is <c>windows/amd64</c>.
/// </summary>
public static class RuntimeIdentifierPlatform
{
    private static readonly Dictionary<string, (string Architecture, string? Variant)> Architectures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x64"] = ("amd64", null),
        ["arm64"] = ("arm64", null),
        ["arm"] = ("arm", "v7"),
        ["armel"] = ("arm", "v6"),
        ["x86"] = ("386", null),
        ["s390x"] = ("s390x", null),
        ["ppc64le"] = ("ppc64le", null),
        ["riscv64"] = ("riscv64", null),
        ["loongarch64"] = ("loong64", null),
    };

    /// <summary>The platform of <paramref name="runtimeIdentifier"/>; <see cref="DiagnosticIds.PrePushRuntimeIdentifierUnknown"/> for one that names none.</summary>
    public static Platform Parse(string runtimeIdentifier)
    {
        var rid = runtimeIdentifier.Trim();
        var dash = rid.LastIndexOf('-');
        if (dash > 0 && Architectures.TryGetValue(rid[(dash + 1)..], out var architecture))
        {
            var os = rid[..dash].ToLowerInvariant();
            var osName = os.StartsWith("win", StringComparison.Ordinal) ? "windows"
                : os.StartsWith("linux", StringComparison.Ordinal) || os is "debian" or "ubuntu" or "alpine" or "rhel" or "centos" or "fedora" ? "linux"
                : null;
            if (osName is not null)
            {
                return new Platform { Os = osName, Architecture = architecture.Architecture, Variant = architecture.Variant };
            }
        }

        throw new ScException(DiagnosticIds.PrePushRuntimeIdentifierUnknown, runtimeIdentifier);
    }

    /// <summary>
    /// Whether an index entry's platform is the one wanted: os and architecture equal, and the variant equal when both
    /// name one (<c>arm64</c> entries often say <c>v8</c>, which the runtime identifier does not).
    /// </summary>
    public static bool Matches(Platform? entry, Platform wanted) =>
        entry is not null
        && string.Equals(entry.Os, wanted.Os, StringComparison.OrdinalIgnoreCase)
        && string.Equals(entry.Architecture, wanted.Architecture, StringComparison.OrdinalIgnoreCase)
        && (entry.Variant is null || wanted.Variant is null || string.Equals(entry.Variant, wanted.Variant, StringComparison.OrdinalIgnoreCase));
}
