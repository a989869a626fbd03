using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Verifies an image's signatures in every configured layout: (1) the signature is valid for the key over the bytes
/// that were signed; (2) what was signed names this image's digest; (3) it is an image signature (simple-signing type,
/// or the cosign sign predicate); (4) the signed reference names the image's repository, when the policy asks;
/// (5) the required annotations are present. Each signature gets its own verdict; one a store could not read (malformed,
/// too large, not an in-toto DSSE payload) is a failed check, never the end of the verification.
/// </summary>
public sealed class SignatureVerifier(IReadOnlyList<ISignatureStore> stores)
{
    public async Task<VerificationReport> VerifyAsync(ImageReference subject, IVerificationKey key, VerificationPolicy policy, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var checks = new List<SignatureCheck>();
        foreach (var store in stores)
        {
            foreach (var signature in await store.ReadAsync(subject, cancellationToken).ConfigureAwait(false))
            {
                checks.Add(Check(subject, digest, signature, key, policy));
            }
        }

        return new VerificationReport(subject, checks);
    }

    private static SignatureCheck Check(ImageReference subject, Digest digest, StoredSignature signature, IVerificationKey key, VerificationPolicy policy)
    {
        if (signature.Problem is { } unreadable)
        {
            return new SignatureCheck(signature.Layout, false, unreadable);
        }

        if (key is ISignatureAuthority authority)
        {
            if (authority.Check(signature) is { } untrusted)
            {
                return new SignatureCheck(signature.Layout, false, untrusted);
            }
        }
        else if (!key.Verify(signature.SignedBytes, signature.Signature))
        {
            return new SignatureCheck(signature.Layout, false, "the signature does not match the key");
        }

        try
        {
            var problem = signature.Kind == SignedContentKind.SimpleSigning
                ? CheckSimpleSigning(subject, digest, signature.Content, policy)
                : CheckStatement(subject, digest, signature.Content, policy);
            return problem is null
                ? new SignatureCheck(signature.Layout, true, "verified")
                : new SignatureCheck(signature.Layout, false, problem);
        }
        catch (Exception ex) when (ex is ScException or JsonException or InvalidOperationException)
        {
            return new SignatureCheck(signature.Layout, false, "the signed content is unreadable: " + ex.Message);
        }
    }

    private static string? CheckSimpleSigning(ImageReference subject, Digest digest, byte[] content, VerificationPolicy policy)
    {
        var payload = SimpleSigningPayload.Parse(content);
        if (payload.Type != CosignConventions.SignatureType)
        {
            return $"the payload type is '{payload.Type}', not '{CosignConventions.SignatureType}'";
        }

        if (payload.ManifestDigest != digest)
        {
            return $"it signs {payload.ManifestDigest}, not this image's digest {digest}";
        }

        if (policy.RequireMatchingRepository && !SameRepository(payload.DockerReference, subject))
        {
            return $"it names '{payload.DockerReference}', not the repository {subject.Name}";
        }

        return MissingAnnotation(policy, name => payload.Optional?.GetValueOrDefault(name));
    }

    private static string? CheckStatement(ImageReference subject, Digest digest, byte[] content, VerificationPolicy policy)
    {
        var statement = InTotoStatement.Parse(content);
        if (statement.PredicateType != InTotoStatement.CosignSignPredicateType)
        {
            return $"the predicate type is '{statement.PredicateType}', not an image signature";
        }

        var matching = statement.Subject.Where(s => s.Digest.GetValueOrDefault(digest.Algorithm) == digest.Hex).ToList();
        if (matching.Count == 0)
        {
            return $"its subjects do not include this image's digest {digest}";
        }

        // A subject without a name names no repository: it fails the check rather than passing it unexamined.
        if (policy.RequireMatchingRepository && !matching.Any(s => !string.IsNullOrEmpty(s.Name) && SameRepository(s.Name, subject)))
        {
            return string.IsNullOrEmpty(matching[0].Name)
                ? $"its subject names no repository, and the policy requires {subject.Name}"
                : $"it names '{matching[0].Name}', not the repository {subject.Name}";
        }

        var predicate = statement.Predicate as JsonObject;
        return MissingAnnotation(policy, name => predicate?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
    }

    private static string? MissingAnnotation(VerificationPolicy policy, Func<string, string?> lookup)
    {
        foreach (var (name, value) in policy.RequiredAnnotations)
        {
            if (lookup(name) != value)
            {
                return $"the annotation {name}={value} is missing";
            }
        }

        return null;
    }

    /// <summary>Compares repositories, ignoring a tag or digest (skopeo signs the destination tag; cosign the repository).</summary>
    private static bool SameRepository(string dockerReference, ImageReference subject) =>
        ImageReference.TryParse(dockerReference, out var signed) && signed.Name == subject.Name;
}
