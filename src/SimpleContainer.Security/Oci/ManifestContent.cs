namespace SimpleContainer.Security.Oci;

/// <summary>A manifest or index exactly as the registry served it, with its verified digest.</summary>
public sealed record ManifestContent(ReadOnlyMemory<byte> Bytes, string MediaType, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public Descriptor ToDescriptor(Platform? platform = null) =>
        new() { MediaType = MediaType, Digest = Digest, Size = Bytes.Length, Platform = platform };

    public ImageManifest AsManifest() => OciJson.Deserialize<ImageManifest>(Bytes.Span, $"manifest {Digest}", MediaType);

    public ImageIndex AsIndex() => OciJson.Deserialize<ImageIndex>(Bytes.Span, $"index {Digest}", MediaType);

    /// <summary>Wraps bytes read from a trusted producer (the SDK, a layout) after checking the digest they claim.</summary>
    public static ManifestContent FromBytes(ReadOnlyMemory<byte> bytes, string? mediaType = null) =>
        new(bytes, mediaType ?? OciJson.PeekMediaType(bytes.Span) ?? MediaTypes.OciManifest, Digest.Sha256(bytes.Span));
}
