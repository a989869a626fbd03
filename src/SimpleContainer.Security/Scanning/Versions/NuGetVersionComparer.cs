using NuGet.Versioning;

namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// NuGet's ordering (NuGet.Versioning <see cref="VersionComparer.Default"/>: four numeric parts, SemVer 2.0.0
/// pre-release labels compared case-insensitively, build metadata ignored). Unparsable versions sort first, ordinally.
/// </summary>
public sealed class NuGetVersionComparer : IVersionComparer
{
    public string Scheme => "nuget";

    public bool IsValid(string version) => NuGetVersion.TryParse(version, out _);

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var validX = NuGetVersion.TryParse(x, out var left);
        var validY = NuGetVersion.TryParse(y, out var right);
        if (validX && validY) return Math.Sign(VersionComparer.Default.Compare(left, right));
        if (validX != validY) return validX ? 1 : -1;
        return Math.Sign(string.CompareOrdinal(x, y));
    }
}
