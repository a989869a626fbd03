using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Fixtures;

// Seeds the fixture base images into a registry (used by samples/run-demo.sh, where no Docker and no public
// registry is at hand). Usage: FixtureSeeder <registry host:port>. Prints the .NET runtime base image reference.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: FixtureSeeder <registry host:port>");
    return 3;
}

using var client = new RegistryClient(new RegistryClientOptions
{
    Credentials = new TestRegistries.FixedCredentials(null),
    Transport = new RegistryTransportPolicy([args[0]]),
});
var images = await FixtureImages.SeedAsync(client, args[0]);
Console.WriteLine(images.DotnetRuntime.Reference);
return 0;
