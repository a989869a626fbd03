using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Sigstore.Tuf;

namespace SimpleContainer.Security.Tests.Sigstore.Tuf;

/// <summary>Canonical JSON and signature checks against Sigstore's real public-good root.json (signed by securesystemslib's encoder, not ours).</summary>
[TestClass]
public sealed class TufMetadataTests
{
    private static readonly byte[] PublicGoodRoot = TrustedRootResolverTests.ReadResource("SimpleContainer.Security.Sigstore.Tuf.public-good-root.json");

    [TestMethod]
    public void Sigstores_public_good_root_is_signed_by_a_threshold_of_its_own_root_keys()
    {
        var root = TufMetadata.Parse(PublicGoodRoot, TufRoles.Root, "public-good root.json");

        var valid = root.CountValidSignatures(root.RoleOf(TufRoles.Root), root.Keys());

        Assert.AreEqual(16, root.Version);
        Assert.IsGreaterThanOrEqualTo(root.RoleOf(TufRoles.Root).Threshold, valid);
    }

    [TestMethod]
    public void A_changed_field_of_the_public_good_root_leaves_no_valid_signature()
    {
        var document = JsonNode.Parse(PublicGoodRoot)!;
        document["signed"]!["expires"] = "2099-01-01T00:00:00Z";
        var root = TufMetadata.Parse(Encoding.UTF8.GetBytes(document.ToJsonString()), TufRoles.Root, "altered");

        Assert.AreEqual(0, root.CountValidSignatures(root.RoleOf(TufRoles.Root), root.Keys()));
    }

    [TestMethod]
    public void Canonical_json_sorts_keys_drops_whitespace_and_escapes_only_quote_and_backslash()
    {
        var node = JsonNode.Parse("{ \"b\": [1, true, null], \"a\": \"x\\\"y\\\\z\\n\u00e9\" }");

        var text = Encoding.UTF8.GetString(CanonicalJson.Encode(node));

        Assert.AreEqual("{\"a\":\"x\\\"y\\\\z\n\u00e9\",\"b\":[1,true,null]}", text);
    }

    [TestMethod]
    public void Canonical_json_refuses_a_number_that_is_not_an_integer()
    {
        Assert.ThrowsExactly<JsonException>(() => CanonicalJson.Encode(JsonNode.Parse("{\"a\":1.5}")));
    }

    [TestMethod]
    public void Metadata_of_another_role_is_refused()
    {
        var error = Assert.ThrowsExactly<SimpleContainer.Security.Diagnostics.ScException>(() => TufMetadata.Parse(PublicGoodRoot, TufRoles.Timestamp, "x"));

        Assert.AreEqual("SCSEC5134", error.Diagnostic.Code);
    }
}
