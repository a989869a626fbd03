using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// Caps what a store holds in memory while reading one image's signatures: each signature blob (a simple-signing
/// payload or a Sigstore bundle is a few KiB) and all of them together. A registry that stores more gets failed checks,
/// not our memory.
/// </summary>
internal sealed class SignatureReadBudget
{
    public const long MaxSignatureBytes = 1024 * 1024;
    public const long MaxTotalBytes = 16 * 1024 * 1024;

    /// <summary>An attestation carries a whole SBOM or scan result: larger, so its own caps.</summary>
    public const long MaxAttestationBytes = 32 * 1024 * 1024;
    public const long MaxAttestationTotalBytes = 128 * 1024 * 1024;

    private readonly long _maxBlob;
    private long _remaining;

    public SignatureReadBudget(long maxBlob = MaxSignatureBytes, long maxTotal = MaxTotalBytes)
    {
        _maxBlob = maxBlob;
        _remaining = maxTotal;
    }

    public static SignatureReadBudget ForAttestations() => new(MaxAttestationBytes, MaxAttestationTotalBytes);

    /// <summary>Why a blob of <paramref name="size"/> bytes is not read, or null after reserving room for it.</summary>
    public string? Reserve(long size)
    {
        if (size > _maxBlob || size < 0)
        {
            return $"it is {size} bytes, more than the {_maxBlob}-byte limit for a signature, so it was not read";
        }

        if (size > _remaining)
        {
            return $"the signatures stored for this image exceed the {MaxTotalBytes}-byte limit, so it was not read";
        }

        _remaining -= size;
        return null;
    }

    /// <summary>Reads a signature blob within the budget; null and a reason when it is over it.</summary>
    public async Task<(byte[]? Bytes, string? Problem)> ReadAsync(RegistryClient client, ImageReference repository, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (Reserve(descriptor.Size) is { } problem)
        {
            return (null, problem);
        }

        return (await client.GetBlobAsync(repository, descriptor, _maxBlob, cancellationToken).ConfigureAwait(false), null);
    }
}
