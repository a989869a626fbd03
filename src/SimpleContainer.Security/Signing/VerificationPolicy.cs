namespace SimpleContainer.Security.Signing;

/// <summary>What a signature must say, beyond being valid for the key and naming the image's digest.</summary>
public sealed record VerificationPolicy
{
    /// <summary>The signed docker-reference must name the image's repository (the default; cosign does not check it).</summary>
    public bool RequireMatchingRepository { get; init; } = true;

    /// <summary>Annotations the signature must carry (cosign's <c>-a key=value</c>).</summary>
    public IReadOnlyDictionary<string, string> RequiredAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Accepts a signature whatever repository it names. The name says what it gives up.</summary>
    public static VerificationPolicy UnsafeAnyRepository { get; } = new() { RequireMatchingRepository = false };
}
