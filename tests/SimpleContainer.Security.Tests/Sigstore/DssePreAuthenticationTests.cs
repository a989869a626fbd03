using System.Text;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Tests.Sigstore;

[TestClass]
public sealed class DssePreAuthenticationTests
{
    [TestMethod]
    public void The_encoding_the_attestation_code_signs_is_taken_apart_again()
    {
        var payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"} with spaces ");
        var pae = DsseEnvelope.PreAuthenticationEncoding(DsseEnvelope.InTotoPayloadType, payload);

        Assert.IsTrue(DssePreAuthentication.TryParse(pae, out var type, out var parsed));
        Assert.AreEqual(DsseEnvelope.InTotoPayloadType, type);
        CollectionAssert.AreEqual(payload, parsed);
    }

    [TestMethod]
    [DataRow("{\"critical\":{}}")]
    [DataRow("DSSEv1 3 abc 5 1234")]
    [DataRow("DSSEv1 x abc 1 1")]
    [DataRow("DSSEv1 3 abc 1 12")]
    public void Other_bytes_are_not_an_envelope(string text) =>
        Assert.IsFalse(DssePreAuthentication.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));
}
