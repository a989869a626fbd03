using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Rekor;

/// <summary>An inclusion proof as Rekor v1 gives it: the entry's index in its tree, the tree's root and size, the audit path and the signed checkpoint.</summary>
public sealed record InclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string Checkpoint);

/// <summary>
/// One Rekor v1 entry, everything a verifier needs offline: the canonical body, integrated time, log index, log id,
/// the signed entry timestamp (SET) and the inclusion proof with its checkpoint. Written as a bundle's
/// <c>tlogEntries[]</c> item and as cosign's <c>dev.sigstore.cosign/bundle</c> annotation.
/// </summary>
public sealed record TransparencyLogEntry(string? Uuid, byte[] Body, long IntegratedTime, long LogIndex, string LogIdHex, byte[]? SignedEntryTimestamp, InclusionProof? InclusionProof)
{
    /// <summary>The entry's kind and version, from its body.</summary>
    public (string Kind, string Version) KindVersion
    {
        get
        {
            var body = JsonNode.Parse(Body);
            return (body?["kind"]?.GetValue<string>() ?? string.Empty, body?["apiVersion"]?.GetValue<string>() ?? string.Empty);
        }
    }

    /// <summary>Reads Rekor's answer <c>{"&lt;uuid&gt;": {body, integratedTime, logID, logIndex, verification}}</c>.</summary>
    public static TransparencyLogEntry FromRekorAnswer(byte[] answer)
    {
        try
        {
            var root = JsonNode.Parse(answer)?.AsObject() ?? throw new JsonException("empty answer");
            if (root.Count != 1)
            {
                throw new JsonException($"expected one entry, got {root.Count}");
            }

            var (uuid, node) = root.First();
            var entry = node?.AsObject() ?? throw new JsonException("the entry is not an object");
            var verification = entry["verification"]?.AsObject();
            var proof = verification?["inclusionProof"]?.AsObject();
            return new TransparencyLogEntry(
                uuid,
                Convert.FromBase64String(Required(entry, "body")),
                entry["integratedTime"]!.GetValue<long>(),
                entry["logIndex"]!.GetValue<long>(),
                Required(entry, "logID"),
                verification?["signedEntryTimestamp"]?.GetValue<string>() is { } set ? Convert.FromBase64String(set) : null,
                proof is null ? null : new InclusionProof(
                    proof["logIndex"]!.GetValue<long>(),
                    Convert.FromHexString(Required(proof, "rootHash")),
                    proof["treeSize"]!.GetValue<long>(),
                    proof["hashes"]?.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList() ?? [],
                    proof["checkpoint"]?.GetValue<string>() ?? string.Empty));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ScException(DiagnosticIds.RekorAnswerInvalid, ex.Message);
        }
    }

    /// <summary>The bundle's <c>TransparencyLogEntry</c> in protobuf-specs JSON (64-bit numbers as strings, bytes as base64).</summary>
    public JsonObject ToBundleJson()
    {
        var (kind, version) = KindVersion;
        var json = new JsonObject
        {
            ["logIndex"] = LogIndex.ToString(CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(Convert.FromHexString(LogIdHex)) },
            ["kindVersion"] = new JsonObject { ["kind"] = kind, ["version"] = version },
            ["integratedTime"] = IntegratedTime.ToString(CultureInfo.InvariantCulture),
        };
        if (SignedEntryTimestamp is not null)
        {
            json["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(SignedEntryTimestamp) };
        }

        if (InclusionProof is { } proof)
        {
            json["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = proof.LogIndex.ToString(CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(proof.RootHash),
                ["treeSize"] = proof.TreeSize.ToString(CultureInfo.InvariantCulture),
                ["hashes"] = new JsonArray(proof.Hashes.Select(h => (JsonNode)Convert.ToBase64String(h)).ToArray()),
                ["checkpoint"] = new JsonObject { ["envelope"] = proof.Checkpoint },
            };
        }

        json["canonicalizedBody"] = Convert.ToBase64String(Body);
        return json;
    }

    public static TransparencyLogEntry FromBundleJson(JsonNode node)
    {
        try
        {
            var entry = node.AsObject();
            var proof = entry["inclusionProof"]?.AsObject();
            return new TransparencyLogEntry(
                null,
                Convert.FromBase64String(Required(entry, "canonicalizedBody")),
                long.Parse(Required(entry, "integratedTime"), CultureInfo.InvariantCulture),
                long.Parse(Required(entry, "logIndex"), CultureInfo.InvariantCulture),
                Convert.ToHexStringLower(Convert.FromBase64String(entry["logId"]?["keyId"]?.GetValue<string>() ?? throw new JsonException("no logId.keyId"))),
                entry["inclusionPromise"]?["signedEntryTimestamp"]?.GetValue<string>() is { } set ? Convert.FromBase64String(set) : null,
                proof is null ? null : new InclusionProof(
                    long.Parse(Required(proof, "logIndex"), CultureInfo.InvariantCulture),
                    Convert.FromBase64String(Required(proof, "rootHash")),
                    long.Parse(Required(proof, "treeSize"), CultureInfo.InvariantCulture),
                    proof["hashes"]?.AsArray().Select(h => Convert.FromBase64String(h!.GetValue<string>())).ToList() ?? [],
                    proof["checkpoint"]?["envelope"]?.GetValue<string>() ?? string.Empty));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ScException(DiagnosticIds.RekorAnswerInvalid, ex.Message);
        }
    }

    /// <summary>cosign's <c>dev.sigstore.cosign/bundle</c> annotation: the SET and the entry it signs.</summary>
    public string ToCosignBundleAnnotation() => new JsonObject
    {
        [CosignSetField] = SignedEntryTimestamp is null ? string.Empty : Convert.ToBase64String(SignedEntryTimestamp),
        ["Payload"] = new JsonObject
        {
            ["body"] = Convert.ToBase64String(Body),
            ["integratedTime"] = IntegratedTime,
            ["logIndex"] = LogIndex,
            ["logID"] = LogIdHex,
        },
    }.ToJsonString();

    public static TransparencyLogEntry FromCosignBundleAnnotation(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty");
            var payload = root["Payload"]?.AsObject() ?? throw new JsonException("no Payload");
            return new TransparencyLogEntry(
                null,
                Convert.FromBase64String(Required(payload, "body")),
                payload["integratedTime"]!.GetValue<long>(),
                payload["logIndex"]!.GetValue<long>(),
                Required(payload, "logID"),
                root[CosignSetField]?.GetValue<string>() is { Length: > 0 } set ? Convert.FromBase64String(set) : null,
                null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ScException(DiagnosticIds.RekorAnswerInvalid, ex.Message);
        }
    }

    private const string CosignSetField = "Signed" + "EntryTimestamp";

    private static string Required(JsonObject o, string name) => o[name]?.GetValue<string>() ?? throw new JsonException($"no '{name}'");
}
