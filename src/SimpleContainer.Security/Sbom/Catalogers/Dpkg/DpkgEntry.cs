using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Sbom.Catalogers.Dpkg;

/// <summary>An installed package as a dpkg database records it.</summary>
internal sealed class DpkgEntry
{
    public required string Name { get; init; }

    /// <summary>The full version, epoch included (<c>1:1.2.13.dfsg-1</c>).</summary>
    public required string Version { get; init; }

    public string? Architecture { get; init; }

    public required string Source { get; init; }

    public required string SourceVersion { get; init; }

    public string? Maintainer { get; init; }

    /// <summary>The installed size in KiB, as dpkg states it.</summary>
    public string? InstalledSize { get; init; }

    public string? Summary { get; init; }

    public string? Homepage { get; init; }

    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>Depends and Pre-Depends: each group lists alternatives (<c>a | b</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Depends { get; init; } = [];

    public required ImageFile File { get; init; }

    /// <summary>
    /// Reads a stanza's fields. Returns null with <paramref name="problem"/> set when it is unusable, and null without a
    /// problem when the package is not installed.
    /// </summary>
    public static DpkgEntry? FromFields(IReadOnlyDictionary<string, string> fields, ImageFile file, bool statusRequired, out string? problem)
    {
        problem = null;
        if (fields.GetValueOrDefault("Package") is not { Length: > 0 } name)
        {
            problem = "the stanza has no Package field";
            return null;
        }

        if (fields.GetValueOrDefault("Version") is not { Length: > 0 } version)
        {
            problem = $"the stanza of '{name}' has no Version field";
            return null;
        }

        if (fields.GetValueOrDefault("Status") is { } status)
        {
            // want flag, error flag, status: only the status says whether the files are on disk.
            var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 3)
            {
                problem = $"the Status of '{name}' is '{status}', not 'want flag status'";
                return null;
            }

            if (words[2] != "installed")
            {
                return null;
            }
        }
        else if (statusRequired)
        {
            problem = $"the stanza of '{name}' has no Status field";
            return null;
        }

        var (source, sourceVersion) = ParseSource(fields.GetValueOrDefault("Source"), name, version);
        return new DpkgEntry
        {
            Name = name,
            Version = version,
            Architecture = fields.GetValueOrDefault("Architecture"),
            Source = source,
            SourceVersion = sourceVersion,
            Maintainer = fields.GetValueOrDefault("Maintainer"),
            InstalledSize = fields.GetValueOrDefault("Installed-Size"),
            Summary = fields.GetValueOrDefault("Description")?.Split('\n')[0].Trim() is { Length: > 0 } summary ? summary : null,
            Homepage = fields.GetValueOrDefault("Homepage"),
            Provides = Relations(fields.GetValueOrDefault("Provides")).SelectMany(g => g).ToList(),
            Depends = [.. Relations(fields.GetValueOrDefault("Pre-Depends")), .. Relations(fields.GetValueOrDefault("Depends"))],
            File = file,
        };
    }

    /// <summary><c>Source: gcc-12 (12.2.0-14)</c>; without a version the binary's version applies, without the field its name.</summary>
    private static (string Name, string Version) ParseSource(string? field, string name, string version)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return (name, version);
        }

        var open = field.IndexOf('(', StringComparison.Ordinal);
        var close = field.IndexOf(')', StringComparison.Ordinal);
        return open > 0 && close > open
            ? (field[..open].Trim(), field[(open + 1)..close].Trim())
            : (field.Trim(), version);
    }

    /// <summary>Package names of a relationship field, without versions or architecture qualifiers.</summary>
    private static IEnumerable<IReadOnlyList<string>> Relations(string? field) =>
        (field ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(group => (IReadOnlyList<string>)group.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(alternative => alternative.Split([' ', '(', '['], 2)[0].Split(':')[0])
                .Where(n => n.Length > 0)
                .ToList())
            .Where(group => group.Count > 0);
}
