using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Tests.Signing;

[TestClass]
public sealed class BuildSignerTimestampTests
{
    [TestMethod]
    public void A_timestamp_authority_with_a_signing_key_is_refused_as_a_configuration_error_not_ignored()
    {
        using var signer = new BuildSigner(_ => null);
        var options = new SigningOptions
        {
            KeyPath = "/nonexistent/cosign.key",
            KeylessServices = new KeylessOptions { TimestampUrl = new Uri("https://timestamp.example/api/v1/timestamp") },
        };

        var error = Assert.ThrowsExactly<ScException>(() => signer.KeyFor(options, "/src/App/App.csproj"));

        Assert.AreEqual("SCSEC5122", error.Diagnostic.Code);
        Assert.IsTrue(ConfigurationErrors.Is(error.Diagnostic));
    }
}
