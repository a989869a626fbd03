using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Rekor;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Checks a Rekor v1 entry offline against the trusted root: the log is one the root names (by log id) and was valid
/// at the entry's time; the signed entry timestamp (the log's ECDSA signature over the canonical JSON of body,
/// integratedTime, logID and logIndex); and, when present, the RFC 6962 inclusion proof and its signed checkpoint.
/// At least one of SET and inclusion proof must be there. Any failure is <see cref="DiagnosticIds.TlogEntryInvalid"/>.
/// </summary>
public static class TransparencyLogVerifier
{
    public static void Verify(TransparencyLogEntry entry, TrustedRoot root)
    {
        var logId = Convert.FromHexString(entry.LogIdHex);
        var log = root.TransparencyLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(logId))
            ?? throw Invalid($"the log {entry.LogIdHex} is not in the trusted root ({root.Source})");
        var time = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
        if (!log.ValidFor.Contains(time))
        {
            throw Invalid($"the log key of {log.BaseUrl} was not valid at {time:O}");
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(log.PublicKey, out _);
        }
        catch (CryptographicException)
        {
            throw Invalid($"the log key of {log.BaseUrl} is not an ECDSA key");
        }

        if (entry.SignedEntryTimestamp is null && entry.InclusionProof is null)
        {
            throw Invalid("the entry has neither a signed entry timestamp nor an inclusion proof");
        }

        if (entry.SignedEntryTimestamp is { } set)
        {
            var canonical = string.Create(CultureInfo.InvariantCulture, $"{{\"body\":\"{Convert.ToBase64String(entry.Body)}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{entry.LogIdHex}\",\"logIndex\":{entry.LogIndex}}}");
            if (!key.VerifyData(Encoding.UTF8.GetBytes(canonical), set, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                throw Invalid("the signed entry timestamp does not verify with the log's key (the entry's body, time or index was changed)");
            }
        }

        if (entry.InclusionProof is { } proof)
        {
            VerifyInclusion(entry.Body, proof);
            VerifyCheckpoint(proof, key);
        }
    }

    private static void VerifyInclusion(byte[] body, InclusionProof proof)
    {
        if (proof.LogIndex < 0 || proof.LogIndex >= proof.TreeSize)
        {
            throw Invalid($"the inclusion proof's index {proof.LogIndex} is outside its tree of {proof.TreeSize}");
        }

        var hash = SHA256.HashData([0x00, .. body]);
        long index = proof.LogIndex, last = proof.TreeSize - 1;
        foreach (var sibling in proof.Hashes)
        {
            if (last == 0)
            {
                throw Invalid("the inclusion proof has more hashes than its tree needs");
            }

            if ((index & 1) == 1 || index == last)
            {
                hash = SHA256.HashData([0x01, .. sibling, .. hash]);
                while ((index & 1) == 0 && index != 0)
                {
                    index >>= 1;
                    last >>= 1;
                }
            }
            else
            {
                hash = SHA256.HashData([0x01, .. hash, .. sibling]);
            }

            index >>= 1;
            last >>= 1;
        }

        if (last != 0 || !hash.AsSpan().SequenceEqual(proof.RootHash))
        {
            throw Invalid("the inclusion proof does not lead from the entry's body to the tree's root hash");
        }
    }

    private static void VerifyCheckpoint(InclusionProof proof, ECDsa key)
    {
        // A signed note: the body (origin, tree size, base64 root hash, optional lines), a blank line, then
        // "— <name> base64(key hint[4] || signature)" lines.
        var separator = proof.Checkpoint.IndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw Invalid("the checkpoint is not a signed note");
        }

        var note = proof.Checkpoint[..(separator + 1)];
        var lines = note.Split('\n');
        if (lines.Length < 3 || lines[1] != proof.TreeSize.ToString(CultureInfo.InvariantCulture) || lines[2] != Convert.ToBase64String(proof.RootHash))
        {
            throw Invalid("the checkpoint names another tree size or root hash than the inclusion proof");
        }

        var verified = proof.Checkpoint[(separator + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('\u2014'))
            .Select(l => l.Split(' ').Last())
            .Any(signature =>
            {
                try
                {
                    var raw = Convert.FromBase64String(signature);
                    return raw.Length > 4 && key.VerifyData(Encoding.UTF8.GetBytes(note), raw.AsSpan(4), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                }
                catch (FormatException)
                {
                    return false;
                }
            });
        if (!verified)
        {
            throw Invalid("the checkpoint's signature does not verify with the log's key");
        }
    }

    private static ScException Invalid(string reason) => new(DiagnosticIds.TlogEntryInvalid, reason);
}
