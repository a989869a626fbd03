using System.Globalization;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Provenance;

/// <summary>
/// Builds the SLSA v1 provenance predicate (<c>https://slsa.dev/provenance/v1</c>) of a published image. The
/// <c>buildType</c> is ours, versioned and documented in docs/provenance.md. Only allow-listed CI fields reach
/// <c>internalParameters</c>; nothing is read from the environment here.
/// </summary>
public static class SlsaProvenance
{
    public const string BuildType = "https://github.com/SimpleContainer/SimpleContainer.Security/blob/main/docs/attestations.md#buildtype-v1";

    public static JsonObject CreatePredicate(ProvenanceInputs inputs)
    {
        var record = inputs.Record;
        var build = inputs.Build;
        var sourceRepository = inputs.SourceRepository ?? inputs.Ci.SourceRepository ?? inputs.Git?.RemoteUrl;
        var sourceRef = inputs.Ci.SourceRef ?? inputs.Git?.Ref;
        var commit = inputs.Commit ?? inputs.Ci.Commit ?? inputs.Git?.Commit;

        var external = new JsonObject();
        if (build is not null)
        {
            external["project"] = RelativeProject(build.ProjectPath);
            Add(external, "configuration", build.Configuration);
            Add(external, "targetFramework", build.TargetFramework);
            if (build.RuntimeIdentifiers.Count > 0)
            {
                external["runtimeIdentifiers"] = new JsonArray(build.RuntimeIdentifiers.Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
            }
        }

        external["container"] = new JsonObject
        {
            ["repository"] = record.Registry is null ? record.Repository : $"{record.Registry}/{record.Repository}",
            ["tags"] = new JsonArray(record.Tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
        };
        if (sourceRepository is not null)
        {
            var source = new JsonObject { ["repository"] = SourceUris.Normalize(sourceRepository) };
            Add(source, "ref", sourceRef);
            external["source"] = source;
        }

        Add(external, "workflow", inputs.WorkflowName);

        var internalParameters = new JsonObject { ["scVersion"] = ProductInfo.Version };
        Add(internalParameters, "sdkVersion", build?.SdkVersion);
        internalParameters["ci"] = inputs.Ci.System;
        if (inputs.IncludeEnvironment && inputs.Ci.Fields.Count > 0)
        {
            var fields = new JsonObject();
            foreach (var (name, value) in inputs.Ci.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                fields[name] = value;
            }

            internalParameters["env"] = fields;
        }

        var dependencies = new JsonArray();
        if (sourceRepository is not null && commit is not null)
        {
            dependencies.Add(new JsonObject { ["uri"] = SourceUris.Dependency(sourceRepository, sourceRef), ["digest"] = new JsonObject { ["gitCommit"] = commit } });
        }

        if (record.BaseImage is { Digest: { } baseDigest } baseImage && Digest.TryParse(baseDigest, out var parsed))
        {
            var name = baseImage.Registry is { } registry ? $"{registry}/{baseImage.Repository}" : baseImage.Repository ?? baseImage.Name;
            dependencies.Add(new JsonObject
            {
                ["uri"] = $"oci://{name}{(baseImage.Tag is { } tag ? ":" + tag : string.Empty)}",
                ["digest"] = new JsonObject { [parsed.Algorithm] = parsed.Hex },
                ["name"] = "baseImage",
            });
        }

        foreach (var package in inputs.Packages.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.Ordinal))
        {
            var dependency = new JsonObject { ["uri"] = $"pkg:nuget/{package.Name}@{package.Version}" };
            if (package.Sha512Hex is { } sha512)
            {
                dependency["digest"] = new JsonObject { ["sha512"] = sha512 };
            }

            dependencies.Add(dependency);
        }

        var metadata = new JsonObject();
        Add(metadata, "invocationId", inputs.Ci.InvocationId);
        metadata["startedOn"] = Rfc3339(inputs.StartedOn);
        metadata["finishedOn"] = Rfc3339(inputs.FinishedOn);

        var byproducts = new JsonArray(inputs.Byproducts.Select(b =>
        {
            var node = new JsonObject { ["name"] = b.Name, ["digest"] = new JsonObject { ["sha256"] = b.Sha256 } };
            Add(node, "mediaType", b.MediaType);
            return (JsonNode)node;
        }).ToArray());

        var runDetails = new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = inputs.BuilderId ?? inputs.Ci.BuilderId },
            ["metadata"] = metadata,
        };
        if (byproducts.Count > 0)
        {
            runDetails["byproducts"] = byproducts;
        }

        return new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType,
                ["externalParameters"] = external,
                ["internalParameters"] = internalParameters,
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = runDetails,
        };
    }

    /// <summary>The statement for one subject (a platform image or the index).</summary>
    public static InTotoStatement CreateStatement(ImageReference subject, JsonObject predicate) =>
        new([new InTotoSubject(subject.Name, new Dictionary<string, string> { [subject.Digest!.Value.Algorithm] = subject.Digest!.Value.Hex })], PredicateTypes.SlsaProvenanceV1, predicate);

    /// <summary>RFC 3339 in UTC with seconds: <c>2026-12-05T01:02:03Z</c>.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string RelativeProject(string projectPath)
    {
        var full = Path.GetFullPath(projectPath);
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git")))
            {
                return Path.GetRelativePath(dir, full).Replace('\\', '/');
            }
        }

        return Path.GetFileName(full);
    }

    private static void Add(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }
}
