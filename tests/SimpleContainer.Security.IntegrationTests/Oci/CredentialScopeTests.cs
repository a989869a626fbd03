using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Registry;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Oci;

/// <summary>
/// Registry credentials go only where they belong: the environment's to the registry they are bound to, nothing to a
/// plain-http token realm of an https registry, nothing to a URL the registry names on another origin. Hostile
/// registries are small loopback servers that record every Authorization header they receive.
/// </summary>
[TestClass]
public sealed class CredentialScopeTests
{
    private const string PushToken = "push-token-from-ci";

    private static TestRegistries Registries => AssemblySetup.Registries;

    private static readonly Dictionary<string, string?> CiEnvironment = new()
    {
        [EnvironmentCredentialProvider.UserVariable] = TestRegistries.User,
        [EnvironmentCredentialProvider.PasswordVariable] = PushToken,
        ["DOCKER_CONFIG"] = Directory.CreateTempSubdirectory("sc-no-docker-config-").FullName,
    };

    [TestMethod]
    public async Task Environment_credentials_bound_to_the_push_registry_never_reach_another_registrys_token_service()
    {
        await using var realm = await Recorder.StartTokenServiceAsync();
        await using var other = await Recorder.StartBearerRegistryAsync(realm.Server.BaseUri + "token");
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(Registries.Secure.Host, CiEnvironment.GetValueOrDefault),
            Transport = new RegistryTransportPolicy([other.Host]),
        });

        await Assert.ThrowsExactlyAsync<ScException>(() => client.ResolveAsync(ImageReference.Parse(other.Host + "/thirdparty/app:1")));

        Assert.IsFalse(realm.SawSecret(PushToken), "the push token reached another registry's token service: " + realm.Describe());
        Assert.IsFalse(other.SawSecret(PushToken), "the push token reached another registry");
    }

    [TestMethod]
    public async Task Environment_credentials_are_used_for_the_registry_they_are_bound_to_and_for_no_other()
    {
        using var bound = new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(Registries.Secure.Host, Environment(TestRegistries.Password)),
            Transport = new RegistryTransportPolicy([Registries.Secure.Host]),
        });
        using var unbound = new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(null, Environment(TestRegistries.Password)),
            Transport = new RegistryTransportPolicy([Registries.Secure.Host]),
        });
        var repository = ImageReference.Create(Registries.Secure.Host, "it/bound-credentials");

        await bound.PushBlobAsync(repository, "application/octet-stream", "bound"u8.ToArray());
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => unbound.BlobExistsAsync(repository, Digest.Sha256("bound"u8)));

        Assert.AreEqual("SCSEC2005", error.Code);
        Assert.AreEqual("SCSEC1010", Assert.ThrowsExactly<ScException>(() => DefaultCredentialProvider.FromEnvironment("https://ghcr.io/team", Environment("x"))).Code);
    }

    [TestMethod]
    public async Task An_https_registry_naming_a_plain_http_token_realm_gets_no_credentials_and_a_coded_error()
    {
        await using var realm = await Recorder.StartTokenServiceAsync();
        var (_, _, certificate) = TestCertificate.CreateServer("127.0.0.1");
        await using var registry = await Recorder.StartBearerRegistryAsync(realm.Server.BaseUri + "token", certificate);
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(registry.Host, CiEnvironment.GetValueOrDefault),
            Transport = new RegistryTransportPolicy([registry.Host]),
        });

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.ResolveAsync(ImageReference.Parse(registry.Host + "/team/app:1")));

        Assert.AreEqual("SCSEC2031", error.Code);
        Assert.IsTrue(realm.Requests.IsEmpty, "the http realm was contacted: " + realm.Describe());
        Assert.IsFalse(error.Message.Contains(PushToken, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_token_realm_on_another_host_stays_allowed_over_https_and_for_a_plain_http_registry()
    {
        var (_, _, certificate) = TestCertificate.CreateServer("127.0.0.1");
        await using var realm = await Recorder.StartTokenServiceAsync(certificate);
        var realmOnAnotherHost = new UriBuilder(realm.Server.BaseUri) { Host = "localhost", Path = "token" }.Uri.ToString();
        await using var registry = await Recorder.StartBearerRegistryAsync(realmOnAnotherHost, certificate);
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(registry.Host, CiEnvironment.GetValueOrDefault),
            Transport = new RegistryTransportPolicy([registry.Host]),
        });
        using var harness = Registries.CreateClient(new RegistryCredential(TestRegistries.User, TestRegistries.Password));
        var repository = ImageReference.Create(Registries.TokenRegistry.Host, "it/realm-elsewhere");

        // Docker Hub's shape: the registry (https) sends clients to a token service on another host (https).
        await Assert.ThrowsExactlyAsync<ScException>(() => client.ResolveAsync(ImageReference.Parse(registry.Host + "/team/app:1")));
        // The harness's token registry is plain http with its token service on another port.
        var pushed = await harness.PushBlobAsync(repository, "application/octet-stream", "realm elsewhere"u8.ToArray());

        Assert.IsTrue(realm.SawSecret(PushToken), "the https realm on another host was asked for a token with the bound credentials: " + realm.Describe());
        Assert.IsTrue(await harness.BlobExistsAsync(repository, pushed.Digest));
    }

    [TestMethod]
    public async Task An_upload_location_on_another_origin_gets_no_authorization()
    {
        await using var elsewhere = await Recorder.StartUploadSinkAsync();
        await using var registry = await Recorder.StartBasicRegistryAsync(uploadLocation: elsewhere.Server.BaseUri + "upload/1", nextPage: null);
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new TestRegistries.FixedCredentials(new RegistryCredential(TestRegistries.User, PushToken)),
            Transport = new RegistryTransportPolicy([registry.Host]),
        });

        await client.PushBlobAsync(ImageReference.Create(registry.Host, "team/app"), "application/octet-stream", "layer"u8.ToArray());

        Assert.IsTrue(registry.SawSecret(PushToken), "the registry itself gets the credentials");
        Assert.IsFalse(elsewhere.Requests.IsEmpty, "the upload went to the Location the registry named");
        Assert.IsFalse(elsewhere.SawAuthorization, "the Location on another origin got an Authorization header: " + elsewhere.Describe());
    }

    [TestMethod]
    public async Task An_upload_location_on_another_origin_that_asks_for_credentials_is_a_coded_error_and_gets_none()
    {
        await using var elsewhere = await Recorder.StartBasicRegistryAsync(uploadLocation: null, nextPage: null);
        await using var registry = await Recorder.StartBasicRegistryAsync(uploadLocation: elsewhere.Server.BaseUri + "upload/1", nextPage: null);
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new TestRegistries.FixedCredentials(new RegistryCredential(TestRegistries.User, PushToken)),
            Transport = new RegistryTransportPolicy([registry.Host, elsewhere.Host]),
        });

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.PushBlobAsync(ImageReference.Create(registry.Host, "team/app"), "application/octet-stream", "layer"u8.ToArray()));

        Assert.AreEqual("SCSEC2032", error.Code);
        Assert.IsFalse(elsewhere.Requests.IsEmpty);
        Assert.IsFalse(elsewhere.SawAuthorization, "the Location on another origin got an Authorization header: " + elsewhere.Describe());
    }

    [TestMethod]
    public async Task A_pagination_link_to_another_origin_gets_no_authorization()
    {
        await using var elsewhere = await Recorder.StartUploadSinkAsync();
        await using var registry = await Recorder.StartBasicRegistryAsync(uploadLocation: null, nextPage: elsewhere.Server.BaseUri + "v2/team/app/tags/list?last=a");
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new TestRegistries.FixedCredentials(new RegistryCredential(TestRegistries.User, PushToken)),
            Transport = new RegistryTransportPolicy([registry.Host]),
        });

        var tags = await client.ListTagsAsync(ImageReference.Create(registry.Host, "team/app"));

        CollectionAssert.AreEqual(new[] { "a", "b" }, tags.ToArray());
        Assert.IsFalse(elsewhere.SawAuthorization, "the Link on another origin got an Authorization header: " + elsewhere.Describe());
    }

    [TestMethod]
    public async Task Sc_sends_the_environment_credentials_only_to_the_registry_named_by_registry_credentials_for()
    {
        await using var realm = await Recorder.StartTokenServiceAsync();
        await using var other = await Recorder.StartBearerRegistryAsync(realm.Server.BaseUri + "token");
        var variables = new Dictionary<string, string?>(CiEnvironment) { [RegistryTransportPolicy.InsecureRegistriesVariable] = other.Host };
        var key = new TestSigningKey().WritePublicKey();

        var unbound = await RunScAsync(variables, "image", "verify", "--image", other.Host + "/thirdparty/app:1", "--key", key);
        var elsewhere = await RunScAsync(variables, "image", "verify", "--image", other.Host + "/thirdparty/app:1", "--key", key, "--registry-credentials-for", Registries.Secure.Host);
        Assert.IsFalse(realm.SawSecret(PushToken), "without --registry-credentials-for naming it, the registry's token service got the push token: " + realm.Describe());

        var bound = await RunScAsync(variables, "image", "verify", "--image", other.Host + "/thirdparty/app:1", "--key", key, "--registry-credentials-for", other.Host);
        var invalid = await RunScAsync(variables, "image", "verify", "--image", other.Host + "/thirdparty/app:1", "--key", key, "--registry-credentials-for", "https://" + other.Host);

        Assert.AreNotEqual(0, unbound.Code, unbound.Error);
        Assert.AreNotEqual(0, elsewhere.Code, elsewhere.Error);
        Assert.IsTrue(realm.SawSecret(PushToken), "--registry-credentials-for binds the credentials to the registry it names");
        Assert.AreEqual(3, invalid.Code, invalid.Error);
        StringAssert.Contains(invalid.Error, "SCSEC1010");
    }

    private static Func<string, string?> Environment(string password) => new Dictionary<string, string?>
    {
        [EnvironmentCredentialProvider.UserVariable] = TestRegistries.User,
        [EnvironmentCredentialProvider.PasswordVariable] = password,
        ["DOCKER_CONFIG"] = Directory.CreateTempSubdirectory("sc-no-docker-config-").FullName,
    }.GetValueOrDefault;

    private static async Task<(int Code, string Output, string Error)> RunScAsync(IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Func<string, string?> getVariable = name => variables.TryGetValue(name, out var value) ? value : null;
        var context = new CliContext(output, error, getVariable, CliContext.ClientFactory(getVariable));
        var code = await ScCommandLine.InvokeAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A loopback endpoint that records each request's method, path and Authorization header.</summary>
    private sealed class Recorder : IAsyncDisposable
    {
        private Recorder(LoopbackWebServer server, ConcurrentQueue<(string Request, string? Authorization)> requests)
        {
            Server = server;
            Requests = requests;
        }

        public LoopbackWebServer Server { get; }

        public ConcurrentQueue<(string Request, string? Authorization)> Requests { get; }

        public string Host => Server.BaseUri.Authority;

        public bool SawAuthorization => Requests.Any(r => r.Authorization is not null);

        /// <summary>True when a request carried the secret, in clear or inside Basic's base64.</summary>
        public bool SawSecret(string secret) => Requests.Any(r => r.Authorization is { } header
            && (header.Contains(secret, StringComparison.Ordinal) || Decoded(header).Contains(secret, StringComparison.Ordinal)));

        public string Describe() => string.Join("; ", Requests.Select(r => $"{r.Request} [{r.Authorization ?? "no Authorization"}]"));

        /// <summary>A token service that hands anyone a token (and remembers who sent what).</summary>
        public static Task<Recorder> StartTokenServiceAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null) => StartAsync(
            async (context, _) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"token":"issued","expires_in":300}""");
            },
            tls);

        /// <summary>A registry that challenges every request with a bearer realm of the test's choosing.</summary>
        public static Task<Recorder> StartBearerRegistryAsync(string realm, System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null) => StartAsync(
            (context, _) =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\",service=\"hostile\",scope=\"repository:thirdparty/app:pull\"";
                return Task.CompletedTask;
            },
            tls);

        /// <summary>
        /// A registry with Basic auth whose upload session (or next tag page) is on another origin: HEAD of a blob is
        /// 404, POST of an upload is 202 with the given Location, and the tag list's first page links to the given URL.
        /// </summary>
        public static Task<Recorder> StartBasicRegistryAsync(string? uploadLocation, string? nextPage) => StartAsync(async (context, _) =>
        {
            if (context.Request.Headers.Authorization.Count == 0)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"hostile\"";
                return;
            }

            var path = context.Request.Path.Value ?? string.Empty;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else if (HttpMethods.IsPost(context.Request.Method) && uploadLocation is not null)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = uploadLocation;
            }
            else if (path.EndsWith("/tags/list", StringComparison.Ordinal) && nextPage is not null)
            {
                context.Response.Headers.Link = $"<{nextPage}>; rel=\"next\"";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"name":"team/app","tags":["a"]}""");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        });

        /// <summary>Another origin that accepts an upload's PUT (201) and serves the last tag page, without asking for credentials.</summary>
        public static Task<Recorder> StartUploadSinkAsync() => StartAsync(async (context, _) =>
        {
            if (HttpMethods.IsPut(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status201Created;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"name":"team/app","tags":["b"]}""");
        });

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private static async Task<Recorder> StartAsync(Func<HttpContext, ConcurrentQueue<(string, string?)>, Task> handle, System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null)
        {
            var requests = new ConcurrentQueue<(string Request, string? Authorization)>();
            var server = await LoopbackWebServer.StartAsync(
                app => app.Run(async context =>
                {
                    var authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null;
                    requests.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", authorization));
                    await handle(context, requests);
                }),
                tls);
            return new Recorder(server, requests);
        }

        private static string Decoded(string header)
        {
            var space = header.IndexOf(' ', StringComparison.Ordinal);
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(header[(space + 1)..]));
            }
            catch (FormatException)
            {
                return string.Empty;
            }
        }
    }
}
