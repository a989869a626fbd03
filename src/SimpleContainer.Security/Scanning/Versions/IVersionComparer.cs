namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// Orders the version strings of one packaging scheme. <see cref="Compare"/> is total over every string (an
/// unparsable one still gets a deterministic place), so callers that must not guess check <see cref="IsValid"/> first.
/// </summary>
public interface IVersionComparer : IComparer<string>
{
    /// <summary>The scheme's name: <c>dpkg</c>, <c>apk</c>, <c>rpm</c>, <c>nuget</c>, <c>semver</c>.</summary>
    string Scheme { get; }

    /// <summary>True when <paramref name="version"/> is a well-formed version of this scheme.</summary>
    bool IsValid(string version);
}
