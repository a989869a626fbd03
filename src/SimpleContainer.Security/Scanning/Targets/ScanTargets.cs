using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Scanning.Targets;

/// <summary>Builds what a scan looks at from an SBOM: our in-memory document, or a CycloneDX JSON file from any tool.</summary>
public static class ScanTargets
{
    /// <summary>The packages of a document the SBOM stage generated (one platform image).</summary>
    public static ScanTarget FromDocument(SbomDocument document, string? platform)
    {
        ArgumentNullException.ThrowIfNull(document);
        var packages = new List<ScanPackage>();
        ScanDistro? distro = null;
        foreach (var component in document.Components)
        {
            if (component.Type == ComponentType.OperatingSystem)
            {
                distro ??= new ScanDistro(component.Name, component.Version);
                continue;
            }

            var properties = component.Properties;
            if (SbomPackageMapper.Map(component.Name, component.Version, component.Purl, name => properties.FirstOrDefault(p => p.Name == name)?.Value) is { } package)
            {
                packages.Add(package);
            }
        }

        return new ScanTarget
        {
            Name = document.Subject.Name,
            Digest = document.Subject.Digest.ToString(),
            Platform = platform,
            Distro = distro ?? DistroFromPackages(packages),
            Packages = packages,
        };
    }

    /// <summary>
    /// Reads a CycloneDX JSON SBOM (1.4–1.6; ours, syft's, trivy's or cdxgen's): every component with a purl, nested
    /// components included; the operating system from the <c>operating-system</c> component or the purls' distro.
    /// </summary>
    public static async Task<ScanTarget> ReadCycloneDxAsync(string path, string? platform, CancellationToken cancellationToken)
    {
        JsonDocument json;
        try
        {
            await using var stream = File.OpenRead(path);
            json = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ScException(DiagnosticIds.ScanSbomUnreadable, path, ex.Message);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("bomFormat", out var format) || format.GetString() != "CycloneDX")
            {
                throw new ScException(DiagnosticIds.ScanSbomUnreadable, path, "it is not a CycloneDX JSON document (no \"bomFormat\": \"CycloneDX\")");
            }

            var packages = new List<ScanPackage>();
            ScanDistro? distro = null;
            if (root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
            {
                Collect(components, packages, ref distro);
            }

            string? subjectName = null;
            string? digest = null;
            if (root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("component", out var subject) && subject.ValueKind == JsonValueKind.Object)
            {
                subjectName = Text(subject, "name");
                var subjectVersion = Text(subject, "version");
                digest = subjectVersion is not null && subjectVersion.StartsWith("sha256:", StringComparison.Ordinal) ? subjectVersion : null;
            }

            return new ScanTarget
            {
                Name = subjectName ?? Path.GetFileName(path),
                Digest = digest,
                Platform = platform,
                Distro = distro ?? DistroFromPackages(packages),
                Packages = packages,
            };
        }
    }

    private static void Collect(JsonElement components, List<ScanPackage> packages, ref ScanDistro? distro)
    {
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (Text(component, "type") == "operating-system")
            {
                distro ??= Text(component, "name") is { } id ? new ScanDistro(id.ToLowerInvariant(), Text(component, "version")) : null;
            }
            else
            {
                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                if (component.TryGetProperty("properties", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var property in list.EnumerateArray())
                    {
                        if (Text(property, "name") is { } name && Text(property, "value") is { } value)
                        {
                            properties.TryAdd(name, value);
                        }
                    }
                }

                var purl = Purl.TryParse(Text(component, "purl"));
                if (SbomPackageMapper.Map(Text(component, "name") ?? purl?.Name ?? string.Empty, Text(component, "version"), purl, name => properties.GetValueOrDefault(name)) is { } package)
                {
                    packages.Add(package);
                }
            }

            if (component.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array)
            {
                Collect(nested, packages, ref distro);
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The distro qualifier most packages carry (<c>debian-12</c> → debian 12), when the SBOM names no OS component.</summary>
    private static ScanDistro? DistroFromPackages(IReadOnlyList<ScanPackage> packages)
    {
        var qualifier = packages.Where(p => p.Distro is not null).GroupBy(p => p.Distro!).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
        if (qualifier is null)
        {
            return null;
        }

        var dash = qualifier.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? new ScanDistro(qualifier, null) : new ScanDistro(qualifier[..dash], qualifier[(dash + 1)..]);
    }
}
