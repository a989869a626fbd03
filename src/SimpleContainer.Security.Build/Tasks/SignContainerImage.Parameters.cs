using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>The signing stage. The key password is read from COSIGN_PASSWORD in the environment, never from a property.</summary>
public sealed partial class SignContainerImage
{
    public string? SigningKey { get; set; }

    public string? SigningPublicKey { get; set; }

    public string? SigningFormat { get; set; }

    /// <summary><c>builtin</c> (in-process, default) or <c>cosign</c> (an installed cosign).</summary>
    public string? Provider { get; set; }

    public bool VerifyAfterSigning { get; set; } = true;

    public bool Keyless { get; set; }

    /// <summary>A reference to the password (<c>${secret:NAME}</c>, <c>${env:VAR}</c>), never the password itself.</summary>
    public string? PasswordReference { get; set; }

    public string? Stack { get; set; }

    public string? ProjectDirectory { get; set; }

    /// <summary>ScSigningAnnotation items: the item is the key, metadata Value the value.</summary>
    public ITaskItem[] Annotations { get; set; } = [];
}
