using System.Globalization;

namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>An installed rpm package, from an rpmdb header or a line of the distroless manifest.</summary>
internal sealed record RpmEntry
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Release { get; init; }

    /// <summary>Null when the package has no epoch (rpm's <c>(none)</c>), which is not the same as epoch 0.</summary>
    public long? Epoch { get; init; }

    public string? Architecture { get; init; }

    public string? License { get; init; }

    public string? Vendor { get; init; }

    public string? Packager { get; init; }

    public string? Url { get; init; }

    public string? SourceRpm { get; init; }

    /// <summary>The installed size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary><c>version-release</c>, with <c>epoch:</c> in front when there is an epoch (as syft and rpm show it).</summary>
    public string FullVersion => Epoch is { } epoch
        ? string.Create(CultureInfo.InvariantCulture, $"{epoch}:{Version}-{Release}")
        : $"{Version}-{Release}";

    /// <summary>Reads the package fields of a header; null with <paramref name="problem"/> set when a required tag is missing.</summary>
    public static RpmEntry? FromHeader(RpmHeader header, out string? problem)
    {
        problem = null;
        var name = header.GetString(RpmTags.Name);
        var version = header.GetString(RpmTags.Version);
        var release = header.GetString(RpmTags.Release);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version) || release is null)
        {
            problem = $"the header of '{name ?? "?"}' lacks a NAME, VERSION or RELEASE string tag";
            return null;
        }

        return new RpmEntry
        {
            Name = name,
            Version = version,
            Release = release,
            Epoch = header.GetNumber(RpmTags.Epoch),
            Architecture = header.GetString(RpmTags.Arch),
            License = header.GetString(RpmTags.License),
            Vendor = header.GetString(RpmTags.Vendor),
            Packager = header.GetString(RpmTags.Packager),
            Url = header.GetString(RpmTags.Url),
            SourceRpm = header.GetString(RpmTags.SourceRpm),
            Size = header.GetNumber(RpmTags.LongSize) ?? header.GetNumber(RpmTags.Size),
        };
    }
}
