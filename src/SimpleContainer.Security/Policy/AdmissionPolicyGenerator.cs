using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Policy;

/// <summary>
/// Writes the admission policies that admit exactly what one configuration signs: a Sigstore policy-controller
/// <c>ClusterImagePolicy</c> (<c>policy.sigstore.dev/v1beta1</c>) and a Kyverno <c>ClusterPolicy</c> (<c>verifyImages</c>).
/// Key-signed images are checked without the transparency log (our key signing uploads nothing to Rekor); keyless ones
/// by issuer and subject, with Fulcio and Rekor. When provenance is produced, its SLSA v1 attestation is required and
/// a CUE policy (<see cref="ProvenanceCue"/>) checks its <c>builder.id</c> and source; Kyverno gets the same checks as conditions.
/// </summary>
public static class AdmissionPolicyGenerator
{
    public static string ClusterImagePolicy(AdmissionPolicyInput input)
    {
        var authority = new YamlMappingNode { { "name", "sc-signer" } };
        if (input.Signer.Keyless)
        {
            authority.Add("keyless", new YamlMappingNode
            {
                { "url", input.FulcioUrl },
                { "identities", new YamlSequenceNode(new YamlMappingNode { { "issuer", input.Signer.Issuer! }, { "subjectRegExp", input.Signer.IdentityRegexp! } }) },
            });
            authority.Add("ctlog", new YamlMappingNode { { "url", input.RekorUrl } });
        }
        else
        {
            authority.Add("key", new YamlMappingNode { { "data", Literal(input.Signer.PublicKeyPem!) }, { "hashAlgorithm", "sha256" } });
        }

        if (input.Provenance is { } provenance)
        {
            authority.Add("attestations", new YamlSequenceNode(new YamlMappingNode
            {
                { "name", "sc-provenance" },
                { "predicateType", ProvenanceRequirement.PredicateType },
                { "policy", new YamlMappingNode { { "type", "cue" }, { "data", Literal(ProvenanceCue(provenance)) } } },
            }));
        }

        var document = new YamlMappingNode
        {
            { "apiVersion", "policy.sigstore.dev/v1beta1" },
            { "kind", "ClusterImagePolicy" },
            { "metadata", new YamlMappingNode { { "name", input.Name } } },
            {
                "spec", new YamlMappingNode
                {
                    { "images", new YamlSequenceNode(input.Images.Select(glob => new YamlMappingNode { { "glob", glob } })) },
                    { "authorities", new YamlSequenceNode(authority) },
                }
            },
        };
        return Write(document);
    }

    public static string KyvernoClusterPolicy(AdmissionPolicyInput input)
    {
        var verify = new YamlMappingNode
        {
            { "imageReferences", new YamlSequenceNode(input.Images.Select(KyvernoImage).Select(i => new YamlScalarNode(i))) },
            { "attestors", Attestors(input) },
            { "mutateDigest", Plain("true") },
            { "verifyDigest", Plain("true") },
            { "required", Plain("true") },
        };
        if (input.Provenance is { } provenance)
        {
            var conditions = new YamlSequenceNode { new YamlMappingNode { { "key", "{{ runDetails.builder.id }}" }, { "operator", "Equals" }, { "value", provenance.BuilderId } } };
            var filter = provenance.SourceUriPrefix is { } source ? $"starts_with(uri, {JmesString(source)})"
                : provenance.SourceRepositories.Count > 0 ? string.Join(" || ", provenance.SourceRepositories.Select(r => $"uri == {JmesString(r)} || starts_with(uri, {JmesString(r + "@")})"))
                : null;
            if (filter is not null)
            {
                conditions.Add(new YamlMappingNode
                {
                    { "key", $"{{{{ length(buildDefinition.resolvedDependencies[?{filter}]) }}}}" },
                    { "operator", "GreaterThan" },
                    { "value", Plain("0") },
                });
            }

            verify.Add("attestations", new YamlSequenceNode(new YamlMappingNode
            {
                { "type", ProvenanceRequirement.PredicateType },
                { "attestors", Attestors(input) },
                { "conditions", new YamlSequenceNode(new YamlMappingNode { { "all", conditions } }) },
            }));
        }

        var document = new YamlMappingNode
        {
            { "apiVersion", "kyverno.io/v1" },
            { "kind", "ClusterPolicy" },
            { "metadata", new YamlMappingNode { { "name", input.Name } } },
            {
                "spec", new YamlMappingNode
                {
                    { "validationFailureAction", "Enforce" },
                    { "background", Plain("false") },
                    { "webhookTimeoutSeconds", Plain("30") },
                    {
                        "rules", new YamlSequenceNode(new YamlMappingNode
                        {
                            { "name", "sc-verify-image" },
                            { "match", new YamlMappingNode { { "any", new YamlSequenceNode(new YamlMappingNode { { "resources", new YamlMappingNode { { "kinds", new YamlSequenceNode(new YamlScalarNode("Pod")) } } } }) } } },
                            { "verifyImages", new YamlSequenceNode(verify) },
                        })
                    },
                }
            },
        };
        return Write(document);
    }

    /// <summary>
    /// The CUE policy over the in-toto statement, as cosign <c>verify-attestation --policy</c> and policy-controller
    /// (<c>type: cue</c>) evaluate it: SLSA v1, this builder id, and the first resolved dependency (the source, by
    /// SLSA's convention) from this source. CUE rather than Rego: cosign builds without OPA (Debian's) read only CUE.
    /// </summary>
    public static string ProvenanceCue(ProvenanceRequirement provenance)
    {
        var cue = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"predicateType: {CueString(ProvenanceRequirement.PredicateType)}\n")
            .Append(CultureInfo.InvariantCulture, $"predicate: runDetails: builder: id: {CueString(provenance.BuilderId)}\n");
        if (provenance.SourceUriPrefix is { } source)
        {
            cue.Append(CultureInfo.InvariantCulture, $"predicate: buildDefinition: resolvedDependencies: [{{uri: =~{CueString("^" + Re2Escape(source))}}}, ...]\n");
        }
        else if (provenance.SourceRepositories.Count > 0)
        {
            // The repository itself, bare or with its ref: '@' or the end must follow, so …/shop does not admit …/shop-fork.
            var repositories = string.Join("|", provenance.SourceRepositories.Select(Re2Escape));
            cue.Append(CultureInfo.InvariantCulture, $"predicate: buildDefinition: resolvedDependencies: [{{uri: =~{CueString($"^({repositories})(@|$)")}}}, ...]\n");
        }

        return cue.ToString();
    }

    private static YamlSequenceNode Attestors(AdmissionPolicyInput input)
    {
        YamlMappingNode entry = input.Signer.Keyless
            ? new YamlMappingNode
            {
                {
                    "keyless", new YamlMappingNode
                    {
                        { "issuer", input.Signer.Issuer! },
                        { "subjectRegExp", input.Signer.IdentityRegexp! },
                        { "rekor", new YamlMappingNode { { "url", input.RekorUrl } } },
                    }
                },
            }
            : new YamlMappingNode
            {
                {
                    "keys", new YamlMappingNode
                    {
                        { "publicKeys", Literal(input.Signer.PublicKeyPem!) },
                        { "signatureAlgorithm", "sha256" },
                        // Key signing uploads nothing to Rekor (cosign --tlog-upload=false), so there is no entry to find.
                        { "rekor", new YamlMappingNode { { "ignoreTlog", Plain("true") } } },
                        { "ctlog", new YamlMappingNode { { "ignoreSCT", Plain("true") } } },
                    }
                },
            };
        return new YamlSequenceNode(new YamlMappingNode { { "count", Plain("1") }, { "entries", new YamlSequenceNode(entry) } });
    }

    /// <summary>Kyverno's imageReferences are wildcards where '*' already spans '/': policy-controller's '**' is one '*'.</summary>
    private static string KyvernoImage(string glob) => glob.Replace("**", "*", StringComparison.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions CueJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A CUE string literal (a JSON string is one).</summary>
    private static string CueString(string value) => System.Text.Json.JsonSerializer.Serialize(value, CueJson);

    /// <summary>A JMESPath raw string literal (Kyverno's expressions), its quote escaped.</summary>
    private static string JmesString(string value) => $"'{value.Replace("'", "\\'", StringComparison.Ordinal)}'";

    /// <summary>A literal for an RE2 regular expression: its metacharacters escaped.</summary>
    private static string Re2Escape(string value) =>
        string.Concat(value.Select(c => @"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal) ? "\\" + c : c.ToString()));

    private static YamlScalarNode Literal(string text) => new(text.ReplaceLineEndings("\n")) { Style = ScalarStyle.Literal };

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    private static string Write(YamlMappingNode document)
    {
        var stream = new YamlStream(new YamlDocument(document));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString().TrimEnd();
        return text.EndsWith("...", StringComparison.Ordinal) ? text[..^3].TrimEnd() + "\n" : text + "\n";
    }
}
