using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.Tests.Attestation;

/// <summary>Our attestation verifier on envelopes signed through <see cref="DsseSigning"/>: each tampering names its check.</summary>
[TestClass]
public sealed class AttestationVerifierTests
{
    private static readonly Digest Image = Digest.Sha256("image"u8);
    private static readonly Digest Other = Digest.Sha256("other"u8);

    [TestMethod]
    public async Task A_statement_signed_through_DsseSigning_verifies_and_its_PAE_is_what_was_signed()
    {
        using var key = new TestSigningKey();
        var (envelope, _) = await DsseSigning.SignStatementAsync(key, Statement(Image, PredicateTypes.CycloneDx), default);

        var verdict = Check(envelope, key, PredicateTypes.CycloneDx);

        Assert.IsTrue(verdict.Verified, verdict.Detail);
        Assert.AreEqual(DsseEnvelope.InTotoPayloadType, envelope.PayloadType);
        Assert.IsTrue(key.Verify(DsseEnvelope.PreAuthenticationEncoding(envelope.PayloadType, envelope.PayloadBytes), Convert.FromBase64String(envelope.Signatures[0].Sig)));
    }

    [TestMethod]
    public async Task An_altered_subject_predicate_or_signature_is_rejected_naming_the_check()
    {
        using var key = new TestSigningKey();
        using var otherKey = new TestSigningKey();
        var (envelope, _) = await DsseSigning.SignStatementAsync(key, Statement(Image, PredicateTypes.CycloneDx), default);

        var alteredSubject = envelope with { Payload = Convert.ToBase64String(Statement(Other, PredicateTypes.CycloneDx).ToBytes()) };
        var alteredPredicate = envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(envelope.PayloadBytes).Replace("\"lodash\"", "\"left-pad\"", StringComparison.Ordinal))) };
        var alteredSignature = envelope with { Signatures = [new DsseSignature(string.Empty, Convert.ToBase64String(new byte[70]))] };

        Assert.AreEqual(AttestationChecks.Signature, Check(alteredSubject, key, null).FailedCheck);
        Assert.AreEqual(AttestationChecks.Signature, Check(alteredPredicate, key, null).FailedCheck);
        Assert.AreEqual(AttestationChecks.Signature, Check(alteredSignature, key, null).FailedCheck);
        Assert.AreEqual(AttestationChecks.Signature, Check(envelope, otherKey, null).FailedCheck);
    }

    [TestMethod]
    public async Task A_validly_signed_statement_about_another_digest_or_of_another_type_fails_that_check()
    {
        using var key = new TestSigningKey();
        var (aboutOther, _) = await DsseSigning.SignStatementAsync(key, Statement(Other, PredicateTypes.CycloneDx), default);
        var (spdx, _) = await DsseSigning.SignStatementAsync(key, Statement(Image, PredicateTypes.Spdx), default);
        var (notInToto, _) = await DsseSigning.SignAsync(key, "text/plain", Statement(Image, PredicateTypes.CycloneDx).ToBytes(), default);

        Assert.AreEqual(AttestationChecks.SubjectDigest, Check(aboutOther, key, null).FailedCheck);
        var wrongType = AttestationVerifier.Check(new StoredAttestation("legacy", spdx, null), Image, key, new AttestationExpectations { PredicateType = PredicateTypes.CycloneDx });
        Assert.AreEqual(AttestationChecks.PredicateType, wrongType.FailedCheck);
        Assert.AreEqual(AttestationChecks.PayloadType, Check(notInToto, key, null).FailedCheck);
    }

    [TestMethod]
    public async Task Provenance_expectations_pass_for_the_right_builder_source_and_commit_and_name_what_differs()
    {
        using var key = new TestSigningKey();
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = "git+https://github.com/org/app@refs/heads/main", ["digest"] = new JsonObject { ["gitCommit"] = "0123456789abcdef0123456789abcdef01234567" } }),
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = "https://github.com/org/app/.github/workflows/ci.yml@refs/heads/main" } },
        };
        var statement = new InTotoStatement([new InTotoSubject("r/app", new Dictionary<string, string> { ["sha256"] = Image.Hex })], PredicateTypes.SlsaProvenanceV1, predicate);
        var (envelope, _) = await DsseSigning.SignStatementAsync(key, statement, default);
        AttestationVerdict Verify(AttestationExpectations e) => AttestationVerifier.Check(new StoredAttestation("legacy", envelope, null), Image, key, e with { PredicateType = PredicateTypes.SlsaProvenanceV1 });

        Assert.IsTrue(Verify(new() { BuilderId = "https://github.com/org/app/.github/workflows/ci.yml@refs/heads/main", SourceUri = "https://github.com/org/app.git", Commit = "0123456789ABCDEF0123456789abcdef01234567" }).Verified);
        var builder = Verify(new() { BuilderId = "https://evil.example/builder" });
        Assert.AreEqual(AttestationChecks.Expectations, builder.FailedCheck);
        StringAssert.Contains(builder.Detail, "builder id");
        StringAssert.Contains(Verify(new() { SourceUri = "https://github.com/org/other" }).Detail, "source");
        StringAssert.Contains(Verify(new() { Commit = "ffffffffffffffffffffffffffffffffffffffff" }).Detail, "commit");
    }

    [TestMethod]
    public void A_report_with_nothing_verified_throws_SCSEC6002_naming_each_failed_check()
    {
        var report = new AttestationReport(ImageReference.Parse("localhost:5000/app@" + Image), [new AttestationVerdict("legacy", false, AttestationChecks.SubjectDigest, "its subjects do not include it", null)]);

        var error = Assert.ThrowsExactly<ScException>(() => report.EnsureVerified(PredicateTypes.CycloneDx));

        Assert.AreEqual("SCSEC6002", error.Code);
        StringAssert.Contains(error.Diagnostic.Text, "subject digest check failed");
    }

    [TestMethod]
    public void Short_names_and_URIs_parse_and_anything_else_is_SCSEC6004()
    {
        Assert.AreEqual(PredicateTypes.CycloneDx, PredicateTypes.Parse("cyclonedx"));
        Assert.AreEqual(PredicateTypes.Spdx, PredicateTypes.Parse("spdxjson"));
        Assert.AreEqual(PredicateTypes.SlsaProvenanceV1, PredicateTypes.Parse("slsaprovenance1"));
        Assert.AreEqual(PredicateTypes.Vulnerability, PredicateTypes.Parse("vuln"));
        Assert.AreEqual(PredicateTypes.Custom, PredicateTypes.Parse("custom"));
        Assert.AreEqual("https://example.com/predicate/v2", PredicateTypes.Parse("https://example.com/predicate/v2"));
        Assert.AreEqual("SCSEC6004", Assert.ThrowsExactly<ScException>(() => PredicateTypes.Parse("cyclone")).Code);
    }

    private static AttestationVerdict Check(DsseEnvelope envelope, TestSigningKey key, string? predicateType) =>
        AttestationVerifier.Check(new StoredAttestation("legacy", envelope, null), Image, key, new AttestationExpectations { PredicateType = predicateType });

    private static InTotoStatement Statement(Digest digest, string predicateType) =>
        new([new InTotoSubject("localhost:5000/app", new Dictionary<string, string> { ["sha256"] = digest.Hex })], predicateType, new JsonObject { ["bomFormat"] = "CycloneDX", ["components"] = new JsonArray(new JsonObject { ["name"] = "lodash" }) });
}
