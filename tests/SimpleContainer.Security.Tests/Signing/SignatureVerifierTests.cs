using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Tests.Signing;

/// <summary>SignatureVerifier's checks, one by one, over signatures held in memory; and verify-after-signing's rule that every layout verifies.</summary>
[TestClass]
public sealed class SignatureVerifierTests
{
    private static readonly Digest ImageDigest = Digest.Parse("sha256:" + new string('a', 64));
    private static readonly Digest OtherDigest = Digest.Parse("sha256:" + new string('b', 64));
    private static readonly ImageReference Subject = ImageReference.Create("localhost:5000", "team/app", digest: ImageDigest);

    [TestMethod]
    public async Task A_signature_of_this_digest_by_this_key_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var report = await VerifyAsync(key, Signed(key, Payload()));

        Assert.IsTrue(report.Verified);
        Assert.AreEqual("verified", report.Checks.Single().Detail);
    }

    [TestMethod]
    public async Task Each_check_names_what_failed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var annotated = new Dictionary<string, string> { ["env"] = "prod" };

        var cases = new (StoredSignature Signature, string Detail, Dictionary<string, string>? Required)[]
        {
            (Signed(other, Payload()), "the signature does not match the key", null),
            (Signed(key, Payload(digest: OtherDigest)), $"it signs {OtherDigest}, not this image's digest {ImageDigest}", null),
            (Signed(key, Payload() with { Type = "cosign container image attestation" }), "the payload type is 'cosign container image attestation'", null),
            (Signed(key, Payload(reference: "localhost:5000/team/evil")), "it names 'localhost:5000/team/evil', not the repository", null),
            (Signed(key, Payload()), "the annotation env=prod is missing", annotated),
            (Signed(key, "not json"u8.ToArray()), "the signed content is unreadable", null),
        };

        foreach (var (signature, detail, required) in cases)
        {
            var report = await VerifyAsync(key, signature, required);
            Assert.IsFalse(report.Verified, detail);
            StringAssert.StartsWith(report.Checks.Single().Detail, detail);
        }
    }

    [TestMethod]
    public async Task Signing_fails_when_any_one_layout_written_does_not_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var good = new MemoryStore("legacy", Signed(key, Payload()));
        var bad = new MemoryStore("bundle", Signed(other, Payload()));

        await SigningStage.VerifyEveryLayoutAsync([good], [Subject], Key(key), new VerificationPolicy(), default);
        var ex = await Assert.ThrowsExactlyAsync<ScException>(() => SigningStage.VerifyEveryLayoutAsync([good, bad], [Subject], Key(key), new VerificationPolicy(), default));
        var empty = await Assert.ThrowsExactlyAsync<ScException>(() => SigningStage.VerifyEveryLayoutAsync([good, new MemoryStore("bundle")], [Subject], Key(key), new VerificationPolicy(), default));

        Assert.AreEqual(DiagnosticIds.VerifyAfterSigningFailed, ex.Diagnostic.ResourceKey);
        StringAssert.Contains(ex.Message, "no verified signature in the bundle layout");
        StringAssert.Contains(empty.Message, "no verified signature in the bundle layout");
    }

    private static Task<VerificationReport> VerifyAsync(ECDsa key, StoredSignature signature, IReadOnlyDictionary<string, string>? required = null) =>
        new SignatureVerifier([new MemoryStore("legacy", signature)]).VerifyAsync(Subject, Key(key), new VerificationPolicy { RequiredAnnotations = required ?? new Dictionary<string, string>() }, default);

    private static VerificationKey Key(ECDsa key) => VerificationKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());

    private static SimpleSigningPayload Payload(Digest? digest = null, string reference = "localhost:5000/team/app") => new(reference, digest ?? ImageDigest, null);

    private static StoredSignature Signed(ECDsa key, SimpleSigningPayload payload) => Signed(key, payload.ToBytes());

    private static StoredSignature Signed(ECDsa key, byte[] content) =>
        new("legacy", SignedContentKind.SimpleSigning, content, content, key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), new Dictionary<string, string>());

    /// <summary>A signature layout held in memory: what a registry would return for the subject.</summary>
    private sealed class MemoryStore(string name, params StoredSignature[] signatures) : ISignatureStore
    {
        public string Name => name;

        public Task<IReadOnlyList<StoredSignature>> ReadAsync(ImageReference subject, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredSignature>>(signatures.Select(s => s with { Layout = name }).ToList());

        public Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken) =>
            throw new NotSupportedException("verification only");
    }
}
