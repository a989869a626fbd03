using System.Globalization;

namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>A line of the distroless manifest: the entry, or the problem that made it unusable.</summary>
internal sealed record RpmManifestLine(int Line, RpmEntry? Entry, string? Problem);

/// <summary>
/// Parses <c>/var/lib/rpmmanifest/container-manifest-2</c> of Azure Linux (CBL-Mariner) distroless images: one package
/// a line, ten tab-separated fields as written by <c>rpm -qa --qf
/// '%{NAME}\t%{VERSION}-%{RELEASE}\t%{INSTALLTIME}\t%{BUILDTIME}\t%{VENDOR}\t%{EPOCH}\t%{SIZE}\t%{ARCH}\t%{EPOCHNUM}\t%{SOURCERPM}\n'</c>.
/// <c>(none)</c> marks an absent value; the epoch exists only when <c>%{EPOCH}</c> is not <c>(none)</c>.
/// </summary>
internal static class RpmManifestParser
{
    private const int FieldCount = 10;
    private const string None = "(none)";

    public static IReadOnlyList<RpmManifestLine> Parse(IReadOnlyList<string> lines)
    {
        var result = new List<RpmManifestLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > 0)
            {
                result.Add(ParseLine(i + 1, lines[i]));
            }
        }

        return result;
    }

    private static RpmManifestLine ParseLine(int number, string line)
    {
        var fields = line.Split('\t');
        if (fields.Length < FieldCount)
        {
            return new(number, null, $"the line has {fields.Length} tab-separated fields, not {FieldCount}");
        }

        var versionRelease = fields[1];
        var dash = versionRelease.LastIndexOf('-');
        if (fields[0].Length == 0 || dash <= 0 || dash == versionRelease.Length - 1)
        {
            return new(number, null, $"'{fields[0]}' has '{versionRelease}' where a name and 'version-release' are expected");
        }

        long? epoch = null;
        if (fields[5] != None)
        {
            if (!long.TryParse(fields[8], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return new(number, null, $"'{fields[0]}' has the epoch '{fields[5]}' but the epoch number '{fields[8]}' is not a number");
            }

            epoch = parsed;
        }

        var entry = new RpmEntry
        {
            Name = fields[0],
            Version = versionRelease[..dash],
            Release = versionRelease[(dash + 1)..],
            Epoch = epoch,
            Vendor = Value(fields[4]),
            Size = long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null,
            Architecture = Value(fields[7]),
            SourceRpm = Value(fields[9]),
        };
        return new(number, entry, null);
    }

    private static string? Value(string field) => field.Length == 0 || field == None ? null : field;
}
