using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.Tests.Signing;

/// <summary>What a Sigstore bundle must say, beyond a signature the key accepts.</summary>
[TestClass]
public sealed class BundleVerificationTests
{
    private const string Repository = "registry.test/team/app";
    private static readonly Digest Image = Digest.Sha256("an image manifest"u8);
    private static readonly ImageReference Subject = ImageReference.Parse($"{Repository}@{Image}");

    [TestMethod]
    public async Task A_validly_signed_bundle_with_another_dsse_payload_type_fails()
    {
        using var key = new TestSigningKey();
        var path = await WriteAsync(await SignAsync(key, Repository, "application/vnd.example.other+json"));

        var report = await new SignatureVerifier([new BundleFileStore(path)]).VerifyAsync(Subject, key, new VerificationPolicy(), default);

        Assert.IsFalse(report.Verified, string.Join("; ", report.Checks));
        StringAssert.Contains(report.Checks.Single().Detail, "application/vnd.in-toto+json");
    }

    [TestMethod]
    public async Task A_subject_without_a_name_fails_the_repository_check_instead_of_skipping_it()
    {
        using var key = new TestSigningKey();
        var path = await WriteAsync(await SignAsync(key, null, DsseEnvelope.InTotoPayloadType));
        var verifier = new SignatureVerifier([new BundleFileStore(path)]);

        var strict = await verifier.VerifyAsync(Subject, key, new VerificationPolicy(), default);
        var anyRepository = await verifier.VerifyAsync(Subject, key, VerificationPolicy.UnsafeAnyRepository, default);

        Assert.IsFalse(strict.Verified, string.Join("; ", strict.Checks));
        Assert.IsTrue(anyRepository.Verified, string.Join("; ", anyRepository.Checks));
    }

    [TestMethod]
    public async Task The_control_an_in_toto_bundle_naming_the_repository_verifies()
    {
        using var key = new TestSigningKey();
        var path = await WriteAsync(await SignAsync(key, Repository, DsseEnvelope.InTotoPayloadType));

        var report = await new SignatureVerifier([new BundleFileStore(path)]).VerifyAsync(Subject, key, new VerificationPolicy(), default);

        Assert.IsTrue(report.Verified, string.Join("; ", report.Checks));
    }

    [TestMethod]
    public async Task A_bundle_file_larger_than_a_signature_can_be_is_one_failed_check_and_is_not_read()
    {
        using var key = new TestSigningKey();
        var path = await WriteAsync(await SignAsync(key, Repository, DsseEnvelope.InTotoPayloadType));
        await using (var file = new FileStream(path, FileMode.Append))
        {
            file.Write(new byte[1024 * 1024]);
        }

        var report = await new SignatureVerifier([new BundleFileStore(path)]).VerifyAsync(Subject, key, new VerificationPolicy(), default);

        Assert.IsFalse(report.Verified);
        StringAssert.Contains(report.Checks.Single().Detail, "limit");
    }

    [TestMethod]
    public void The_signatures_of_one_image_are_read_within_a_total_budget()
    {
        var budget = new SignatureReadBudget();
        var fits = (int)(SignatureReadBudget.MaxTotalBytes / SignatureReadBudget.MaxSignatureBytes);

        for (var i = 0; i < fits; i++)
        {
            Assert.IsNull(budget.Reserve(SignatureReadBudget.MaxSignatureBytes));
        }

        StringAssert.Contains(budget.Reserve(1), "limit");
        StringAssert.Contains(new SignatureReadBudget().Reserve(SignatureReadBudget.MaxSignatureBytes + 1), "limit");
    }

    internal static async Task<SigstoreBundle> SignAsync(TestSigningKey key, string? subjectName, string payloadType)
    {
        var statement = new InTotoStatement(
            [new InTotoSubject(subjectName!, new Dictionary<string, string> { [Image.Algorithm] = Image.Hex })],
            InTotoStatement.CosignSignPredicateType,
            new JsonObject()).ToBytes();
        var material = await key.SignAsync(DsseEnvelope.PreAuthenticationEncoding(payloadType, statement), default);
        var envelope = new DsseEnvelope(Convert.ToBase64String(statement), payloadType, [new DsseSignature(string.Empty, Convert.ToBase64String(material.Signature))]);
        return new SigstoreBundle(envelope, key.PublicKeyHint, null, null);
    }

    private static async Task<string> WriteAsync(SigstoreBundle bundle)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-bundle-check-").FullName, "bundle.json");
        await File.WriteAllBytesAsync(path, bundle.ToBytes());
        return path;
    }
}
