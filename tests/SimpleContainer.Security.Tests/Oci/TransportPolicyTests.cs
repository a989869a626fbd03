using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class TransportPolicyTests
{
    [TestMethod]
    public void Localhost_is_insecure_and_others_only_when_listed_exactly()
    {
        var policy = RegistryTransportPolicy.FromEnvironment(name => name == RegistryTransportPolicy.InsecureRegistriesVariable ? "foo:1; 127.0.0.1:5000,registry.test" : null);

        Assert.IsTrue(policy.IsInsecure("localhost"));
        Assert.IsTrue(policy.IsInsecure("localhost:5000"));
        Assert.IsTrue(policy.IsInsecure("127.0.0.1:5000"));
        Assert.IsTrue(policy.IsInsecure("foo:1"));
        Assert.IsTrue(policy.IsInsecure("registry.test"));
        Assert.IsFalse(policy.IsInsecure("127.0.0.1:5001"));
        Assert.IsFalse(policy.IsInsecure("ghcr.io"));
        Assert.IsTrue(policy.IsInsecureHost("127.0.0.1"));
        Assert.IsFalse(policy.IsInsecureHost("ghcr.io"));
    }

    [TestMethod]
    public void Docker_hub_is_served_by_registry_1()
    {
        Assert.AreEqual("https://registry-1.docker.io/", RegistryTransportPolicy.BaseUri("docker.io", "https").ToString());
        Assert.AreEqual("http://localhost:5000/", RegistryTransportPolicy.BaseUri("localhost:5000", "http").ToString());
        Assert.AreEqual("[::1]", RegistryTransportPolicy.HostOf("[::1]:5000"));
    }
}
