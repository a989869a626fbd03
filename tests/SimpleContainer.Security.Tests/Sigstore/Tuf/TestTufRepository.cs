using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Sigstore.Tuf;

namespace SimpleContainer.Security.Tests.Sigstore.Tuf;

/// <summary>
/// A TUF repository made here (ECDSA P-256 keys, consistent snapshots, files laid out as tuf-repo-cdn.sigstore.dev
/// serves them) and served through an <see cref="HttpMessageHandler"/>, so a test can rotate keys, tamper with a file
/// or replay an old one. Metadata is signed over the canonical JSON of <c>signed</c>.
/// </summary>
internal sealed class TestTufRepository : HttpMessageHandler
{
    public static readonly Uri Mirror = new("https://tuf.test.invalid/");

    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<ECDsa> _keys = [];

    public TestTufRepository(byte[] trustedRoot)
    {
        RootKeys = [NewKey()];
        OnlineKey = NewKey();
        TrustedRootContent = trustedRoot;
        RootVersion = 1;
        Roots[1] = SignedRoot(1, RootKeys, [RootKeys[0]]);
        _files["1.root.json"] = Roots[1];
        Publish(1, DateTimeOffset.UtcNow.AddDays(7));
    }

    public Dictionary<long, byte[]> Roots { get; } = [];

    public List<ECDsa> RootKeys { get; private set; }

    public ECDsa OnlineKey { get; }

    public long RootVersion { get; private set; }

    public byte[] TrustedRootContent { get; set; }

    /// <summary>Every request answered by a <see cref="HttpRequestException"/> (the mirror unreachable).</summary>
    public bool Offline { get; set; }

    public List<string> Requests { get; } = [];

    public byte[] this[string file]
    {
        get => _files[file];
        set => _files[file] = value;
    }

    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>Publishes the target and targets, snapshot and timestamp at <paramref name="version"/>, expiring at <paramref name="expires"/>.</summary>
    public void Publish(long version, DateTimeOffset expires, DateTimeOffset? timestampExpires = null, long? targetsVersion = null)
    {
        var targetsAt = targetsVersion ?? version;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(TrustedRootContent));
        _files[$"targets/{sha256}.trusted_root.json"] = TrustedRootContent;
        var targets = Sign(new JsonObject
        {
            ["_type"] = "targets", ["spec_version"] = "1.0", ["version"] = targetsAt, ["expires"] = Time(expires),
            ["targets"] = new JsonObject { ["trusted_root.json"] = new JsonObject { ["length"] = TrustedRootContent.Length, ["hashes"] = new JsonObject { ["sha256"] = sha256 } } },
        }, [OnlineKey]);
        _files[$"{targetsAt}.targets.json"] = targets;
        var snapshot = Sign(new JsonObject
        {
            ["_type"] = "snapshot", ["spec_version"] = "1.0", ["version"] = version, ["expires"] = Time(expires),
            ["meta"] = new JsonObject { ["targets.json"] = new JsonObject { ["version"] = targetsAt } },
        }, [OnlineKey]);
        _files[$"{version}.snapshot.json"] = snapshot;
        _files["timestamp.json"] = Sign(new JsonObject
        {
            ["_type"] = "timestamp", ["spec_version"] = "1.0", ["version"] = version, ["expires"] = Time(timestampExpires ?? expires),
            ["meta"] = new JsonObject { ["snapshot.json"] = new JsonObject { ["version"] = version, ["length"] = snapshot.Length, ["hashes"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(snapshot)) } } },
        }, [OnlineKey]);
    }

    /// <summary>Publishes root version N+1 with <paramref name="newKeys"/>, signed by <paramref name="signers"/>.</summary>
    public void RotateRoot(List<ECDsa> newKeys, IReadOnlyList<ECDsa> signers)
    {
        RootVersion++;
        RootKeys = newKeys;
        Roots[RootVersion] = SignedRoot(RootVersion, newKeys, signers);
        _files[$"{RootVersion}.root.json"] = Roots[RootVersion];
    }

    public ECDsa NewKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _keys.Add(key);
        return key;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimStart('/');
        Requests.Add(path);
        if (Offline)
        {
            throw new HttpRequestException("Connection refused (tuf.test.invalid:443)");
        }

        return Task.FromResult(_files.TryGetValue(path, out var bytes)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private byte[] SignedRoot(long version, IReadOnlyList<ECDsa> rootKeys, IReadOnlyList<ECDsa> signers)
    {
        var keys = new JsonObject();
        foreach (var key in rootKeys.Append(OnlineKey))
        {
            keys[KeyId(key)] = new JsonObject
            {
                ["keytype"] = "ecdsa", ["scheme"] = "ecdsa-sha2-nistp256",
                ["keyval"] = new JsonObject { ["public"] = key.ExportSubjectPublicKeyInfoPem() },
            };
        }

        JsonObject Role(IEnumerable<ECDsa> roleKeys, int threshold) => new() { ["keyids"] = new JsonArray([.. roleKeys.Select(k => (JsonNode)KeyId(k))]), ["threshold"] = threshold };
        return Sign(new JsonObject
        {
            ["_type"] = "root", ["spec_version"] = "1.0", ["version"] = version, ["expires"] = Time(DateTimeOffset.UtcNow.AddDays(365)),
            ["consistent_snapshot"] = true, ["keys"] = keys,
            ["roles"] = new JsonObject
            {
                ["root"] = Role(rootKeys, rootKeys.Count), ["targets"] = Role([OnlineKey], 1),
                ["snapshot"] = Role([OnlineKey], 1), ["timestamp"] = Role([OnlineKey], 1),
            },
        }, signers);
    }

    private static byte[] Sign(JsonObject signed, IReadOnlyList<ECDsa> signers)
    {
        var canonical = CanonicalJson.Encode(signed);
        var signatures = new JsonArray([.. signers.Select(k => (JsonNode)new JsonObject
        {
            ["keyid"] = KeyId(k),
            ["sig"] = Convert.ToHexStringLower(k.SignData(canonical, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        })]);
        return Encoding.UTF8.GetBytes(new JsonObject { ["signed"] = signed, ["signatures"] = signatures }.ToJsonString());
    }
}
