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
    public const string EmptyContainerDigest = nameof(EmptyContainerDigest);
    public const string InvalidContainerOutput = nameof(InvalidContainerOutput);
    public const string SecurityRecorded = nameof(SecurityRecorded);
    public const string FileWriteFailed = nameof(FileWriteFailed);
    public const string InternalError = nameof(InternalError);
    public const string LayerCompressionNotSupported = nameof(LayerCompressionNotSupported);
    public const string LayerUnreadable = nameof(LayerUnreadable);
    public const string LayerExpansionLimitExceeded = nameof(LayerExpansionLimitExceeded);
    public const string LayerEntryLimitExceeded = nameof(LayerEntryLimitExceeded);
    public const string LayerEntryEscapesRoot = nameof(LayerEntryEscapesRoot);
    public const string ImageFileTooLarge = nameof(ImageFileTooLarge);
    public const string SelectedBytesLimitExceeded = nameof(SelectedBytesLimitExceeded);
    public const string ImageLinkNotResolved = nameof(ImageLinkNotResolved);
    public const string PackageDatabaseMalformed = nameof(PackageDatabaseMalformed);
    public const string OsReleaseMalformed = nameof(OsReleaseMalformed);
    public const string OsReleaseNotFound = nameof(OsReleaseNotFound);
    public const string InvalidPurl = nameof(InvalidPurl);
}
