using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Fixtures;

// Seeds images into a registry where no Docker and no public registry is at hand (samples/run-demo.sh, benchmarks).
//   FixtureSeeder <registry host:port>                      the fixture base images; prints the .NET runtime base reference
//   FixtureSeeder <registry host:port> --distinct N REPO    N small images with distinct digests; prints one pinned reference a line
if (args.Length is not (1 or 4) || (args.Length == 4 && args[1] != "--distinct"))
{
    Console.Error.WriteLine("usage: FixtureSeeder <registry host:port> [--distinct N REPOSITORY]");
    return 3;
}

using var client = new RegistryClient(new RegistryClientOptions
{
    Credentials = new TestRegistries.FixedCredentials(null),
    Transport = new RegistryTransportPolicy([args[0]]),
});

if (args.Length == 1)
{
    var images = await FixtureImages.SeedAsync(client, args[0]);
    Console.WriteLine(images.DotnetRuntime.Reference);
    return 0;
}

var builder = new ImageFixtureBuilder(client);
for (var i = 0; i < int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); i++)
{
    var layer = new LayerBuilder().File("etc/instance", $"{Guid.NewGuid()}\n").Build();
    var image = await builder.PushImageAsync(ImageReference.Create(args[0], args[3], $"n{i}"), [layer], FixtureImages.Amd64);
    Console.WriteLine(image.Reference.Pinned(image.Manifest.Digest));
}

return 0;
