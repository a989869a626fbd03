namespace SimpleContainer.Security.Diagnostics;

/// <summary>The resource keys of every coded diagnostic (texts in Resources/Strings.resx).</summary>
public static class DiagnosticIds
{
    public const string InvalidImageReference = nameof(InvalidImageReference);
    public const string DigestMismatch = nameof(DigestMismatch);
    public const string InvalidDigest = nameof(InvalidDigest);
    public const string ContentTooLarge = nameof(ContentTooLarge);
    public const string RegistryUnauthorized = nameof(RegistryUnauthorized);
    public const string RegistryRequestFailed = nameof(RegistryRequestFailed);
    public const string ManifestNotFound = nameof(ManifestNotFound);
    public const string UnsupportedMediaType = nameof(UnsupportedMediaType);
    public const string RegistryUnreachable = nameof(RegistryUnreachable);
    public const string CredentialHelperFailed = nameof(CredentialHelperFailed);
    public const string DockerConfigInvalid = nameof(DockerConfigInvalid);
    public const string TokenRequestFailed = nameof(TokenRequestFailed);
    public const string InvalidManifest = nameof(InvalidManifest);
    public const string BlobNotFound = nameof(BlobNotFound);
    public const string InvalidOciLayout = nameof(InvalidOciLayout);
    public const string LayoutImageNotFound = nameof(LayoutImageNotFound);
    public const string TooManyPages = nameof(TooManyPages);
    public const string InsecureRegistryRefused = nameof(InsecureRegistryRefused);
    public const string UploadFailed = nameof(UploadFailed);
    public const string ManifestBlobUnknown = nameof(ManifestBlobUnknown);
    public const string InvalidSignaturePayload = nameof(InvalidSignaturePayload);
    public const string NoSignatureVerified = nameof(NoSignatureVerified);
    public const string SignatureManifestInvalid = nameof(SignatureManifestInvalid);
    public const string TooManySignatures = nameof(TooManySignatures);
    public const string SigningFailed = nameof(SigningFailed);
    public const string VerifyAfterSigningFailed = nameof(VerifyAfterSigningFailed);
    public const string KeylessNotYetSupported = nameof(KeylessNotYetSupported);
    public const string SigningKeyMissing = nameof(SigningKeyMissing);
    public const string SigningPasswordMissing = nameof(SigningPasswordMissing);
    public const string ImageSigned = nameof(ImageSigned);
    public const string SignatureVerified = nameof(SignatureVerified);
    public const string UnknownSigningFormat = nameof(UnknownSigningFormat);
    public const string ArchiveSignatureWritten = nameof(ArchiveSignatureWritten);
    public const string SigningToolMissing = nameof(SigningToolMissing);
    public const string SigningToolFailed = nameof(SigningToolFailed);
    public const string UnknownSigningProvider = nameof(UnknownSigningProvider);
    public const string KeyFileUnreadable = nameof(KeyFileUnreadable);
    public const string KeyPemNotFound = nameof(KeyPemNotFound);
    public const string KeyPasswordIncorrect = nameof(KeyPasswordIncorrect);
    public const string PrivateKeyInvalid = nameof(PrivateKeyInvalid);
    public const string KeyEncryptionUnsupported = nameof(KeyEncryptionUnsupported);
    public const string KeyTypeUnsupported = nameof(KeyTypeUnsupported);
    public const string PublicKeyInvalid = nameof(PublicKeyInvalid);
    public const string EmptyContainerDigest = nameof(EmptyContainerDigest);
    public const string InvalidContainerOutput = nameof(InvalidContainerOutput);
    public const string SecurityRecorded = nameof(SecurityRecorded);
    public const string FileWriteFailed = nameof(FileWriteFailed);
    public const string InternalError = nameof(InternalError);
}
