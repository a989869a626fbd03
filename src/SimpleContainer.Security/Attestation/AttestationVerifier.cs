using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Attestation;

/// <summary>What a verifier checks besides the signature and the subject: the predicate type and the provenance's facts.</summary>
public sealed record AttestationExpectations
{
    /// <summary>The predicate type required; null accepts any.</summary>
    public string? PredicateType { get; init; }

    public string? BuilderId { get; init; }

    /// <summary>The source repository (<c>https://github.com/org/repo</c>, with or without <c>git+</c> and a ref).</summary>
    public string? SourceUri { get; init; }

    public string? Commit { get; init; }
}

/// <summary>The checks, in the order they run; a failed attestation names the first that failed.</summary>
public static class AttestationChecks
{
    public const string Readable = "readable";
    public const string Signature = "signature";
    public const string PayloadType = "payload type";
    public const string SubjectDigest = "subject digest";
    public const string PredicateType = "predicate type";
    public const string Expectations = "expectations";
}

/// <summary>One attestation's verdict: verified, or the check that failed and why.</summary>
public sealed record AttestationVerdict(string Layout, bool Verified, string? FailedCheck, string Detail, InTotoStatement? Statement);

public sealed record AttestationReport(ImageReference Subject, IReadOnlyList<AttestationVerdict> Verdicts)
{
    public IEnumerable<AttestationVerdict> VerifiedAttestations => Verdicts.Where(v => v.Verified);

    public bool Verified => Verdicts.Any(v => v.Verified);

    /// <summary>Throws <see cref="DiagnosticIds.AttestationNotVerified"/> naming each failed check unless one attestation verified.</summary>
    public AttestationReport EnsureVerified(string? predicateType)
    {
        if (!Verified)
        {
            var reasons = Verdicts.Count == 0 ? "no attestation was found" : string.Join("; ", Verdicts.Select(v => $"{v.Layout}: {v.FailedCheck} check failed: {v.Detail}"));
            throw new ScException(DiagnosticIds.AttestationNotVerified, Subject, predicateType ?? "any", Verdicts.Count, reasons);
        }

        return this;
    }
}

/// <summary>
/// Verifies an image's attestations in every given layout: (1) the DSSE signature over PAE(payloadType, payload) is
/// valid for the key (or, for an <see cref="IAttestationAuthority"/>, trusted by the certificate and log entry the
/// attestation carries); (2) the payload is an in-toto statement; (3) a subject names this image's digest; (4) the
/// statement's predicate type is the one asked for (the store's annotation is never trusted); (5) the expectations
/// (builder id, source, commit) hold in the provenance. Each attestation gets its own verdict naming the failed check.
/// </summary>
public sealed class AttestationVerifier(IReadOnlyList<IAttestationStore> stores)
{
    public async Task<AttestationReport> VerifyAsync(ImageReference subject, IVerificationKey key, AttestationExpectations expectations, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var verdicts = new List<AttestationVerdict>();
        foreach (var store in stores)
        {
            foreach (var stored in await store.ReadAttestationsAsync(subject, cancellationToken).ConfigureAwait(false))
            {
                // Another predicate type is not a failure of this one: a verifier asking for cyclonedx skips the provenance.
                if (expectations.PredicateType is { } wanted && stored.AnnotatedPredicateType is { } annotated && annotated != wanted)
                {
                    continue;
                }

                verdicts.Add(Check(stored, digest, key, expectations));
            }
        }

        return new AttestationReport(subject, verdicts);
    }

    public static AttestationVerdict Check(StoredAttestation stored, Digest digest, IVerificationKey key, AttestationExpectations expectations)
    {
        if (stored.Problem is { } problem || stored.Envelope is null)
        {
            return Fail(stored.Layout, AttestationChecks.Readable, stored.Problem ?? "the envelope is empty");
        }

        var envelope = stored.Envelope;
        byte[] payload;
        try
        {
            payload = envelope.PayloadBytes;
        }
        catch (FormatException)
        {
            return Fail(stored.Layout, AttestationChecks.Readable, "the DSSE payload is not base64");
        }

        var pae = DsseEnvelope.PreAuthenticationEncoding(envelope.PayloadType ?? string.Empty, payload);
        if (key is IAttestationAuthority authority)
        {
            // Keyless: the certificate and log entry the attestation carries decide, and their refusal names its code.
            string? untrusted = "the envelope holds no signature";
            if (!(envelope.Signatures ?? []).Any(s => TryDecode(s.Sig, out var raw) && (untrusted = authority.Check(stored, pae, raw)) is null))
            {
                return Fail(stored.Layout, AttestationChecks.Signature, untrusted);
            }
        }
        else if (!(envelope.Signatures ?? []).Any(s => TryDecode(s.Sig, out var raw) && key.Verify(pae, raw)))
        {
            return Fail(stored.Layout, AttestationChecks.Signature, "no signature in the envelope matches the key");
        }

        if (envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            return Fail(stored.Layout, AttestationChecks.PayloadType, $"the payload type is '{envelope.PayloadType}', not '{DsseEnvelope.InTotoPayloadType}'");
        }

        InTotoStatement statement;
        try
        {
            statement = InTotoStatement.Parse(payload);
        }
        catch (JsonException ex)
        {
            return Fail(stored.Layout, AttestationChecks.Readable, "the statement is not valid JSON: " + ex.Message);
        }

        if (!(statement.Subject ?? []).Any(s => s.Digest?.GetValueOrDefault(digest.Algorithm) == digest.Hex))
        {
            var named = string.Join(", ", (statement.Subject ?? []).SelectMany(s => s.Digest ?? new Dictionary<string, string>()).Select(d => $"{d.Key}:{d.Value}"));
            return Fail(stored.Layout, AttestationChecks.SubjectDigest, $"its subjects ({named}) do not include this image's digest {digest}", statement);
        }

        if (expectations.PredicateType is { } wanted && statement.PredicateType != wanted)
        {
            return Fail(stored.Layout, AttestationChecks.PredicateType, $"the predicate type is '{statement.PredicateType}', not '{wanted}'", statement);
        }

        if (ProvenanceMismatch(statement, expectations) is { } mismatch)
        {
            return Fail(stored.Layout, AttestationChecks.Expectations, mismatch, statement);
        }

        return new AttestationVerdict(stored.Layout, true, null, $"verified ({statement.PredicateType})", statement);
    }

    private static string? ProvenanceMismatch(InTotoStatement statement, AttestationExpectations expectations)
    {
        if (expectations.BuilderId is null && expectations.SourceUri is null && expectations.Commit is null)
        {
            return null;
        }

        var predicate = statement.Predicate as JsonObject;
        var builder = Text(predicate?["runDetails"]?["builder"]?["id"]);
        if (expectations.BuilderId is { } builderId && builder != builderId)
        {
            return $"the builder id is '{builder}', not '{builderId}'";
        }

        var sources = (predicate?["buildDefinition"]?["resolvedDependencies"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(d => Text(d["uri"])?.StartsWith("git+", StringComparison.Ordinal) == true)
            .Select(d => (Uri: Provenance.SourceUris.Normalize(Text(d["uri"])!), Commit: Text(d["digest"]?["gitCommit"])))
            .ToList();
        if (expectations.SourceUri is { } source && !sources.Any(s => s.Uri == Provenance.SourceUris.Normalize(source)))
        {
            return $"the source is '{string.Join(", ", sources.Select(s => s.Uri))}', not '{source}'";
        }

        if (expectations.Commit is { } commit && !sources.Any(s => string.Equals(s.Commit, commit, StringComparison.OrdinalIgnoreCase)))
        {
            return $"the source commit is '{string.Join(", ", sources.Select(s => s.Commit))}', not '{commit}'";
        }

        return null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static AttestationVerdict Fail(string layout, string check, string detail, InTotoStatement? statement = null) => new(layout, false, check, detail, statement);

    private static bool TryDecode(string? base64, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(base64 ?? string.Empty);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
