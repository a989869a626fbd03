namespace SimpleContainer.Security.Diagnostics;

/// <summary>The resource keys of every coded diagnostic (texts in Resources/Strings.resx).</summary>
public static class DiagnosticIds
{
    public const string UnsupportedReference = nameof(UnsupportedReference);
    public const string SecretNotFound = nameof(SecretNotFound);
    public const string SecretAmbiguous = nameof(SecretAmbiguous);
    public const string StackSecretsInvalid = nameof(StackSecretsInvalid);
    public const string LiteralPasswordRefused = nameof(LiteralPasswordRefused);
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
    public const string UnsupportedDigestAlgorithm = nameof(UnsupportedDigestAlgorithm);
    public const string InsecureTokenRealm = nameof(InsecureTokenRealm);
    public const string CrossOriginCredentialsRefused = nameof(CrossOriginCredentialsRefused);
    public const string InvalidCredentialRegistry = nameof(InvalidCredentialRegistry);
    public const string SbomToolMissing = nameof(SbomToolMissing);
    public const string SbomToolFailed = nameof(SbomToolFailed);
    public const string SbomToolOutputInvalid = nameof(SbomToolOutputInvalid);
    public const string SbomToolFormatUnsupported = nameof(SbomToolFormatUnsupported);
    public const string UnknownSbomFormat = nameof(UnknownSbomFormat);
    public const string SbomFailed = nameof(SbomFailed);
    public const string SbomWritten = nameof(SbomWritten);
    public const string UnknownSbomGenerator = nameof(UnknownSbomGenerator);
    public const string DepsJsonMalformed = nameof(DepsJsonMalformed);
    public const string DepsJsonLibraryMalformed = nameof(DepsJsonLibraryMalformed);
    public const string ProjectAssetsMissing = nameof(ProjectAssetsMissing);
    public const string ProjectAssetsMalformed = nameof(ProjectAssetsMalformed);
    public const string ProjectAssetsTargetMissing = nameof(ProjectAssetsTargetMissing);
    public const string NuspecUnreadable = nameof(NuspecUnreadable);
    public const string InvalidSignaturePayload = nameof(InvalidSignaturePayload);
    public const string NoSignatureVerified = nameof(NoSignatureVerified);
    public const string SignatureManifestInvalid = nameof(SignatureManifestInvalid);
    public const string TooManySignatures = nameof(TooManySignatures);
    public const string SigningFailed = nameof(SigningFailed);
    public const string VerifyAfterSigningFailed = nameof(VerifyAfterSigningFailed);
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
    public const string KeyDerivationTooCostly = nameof(KeyDerivationTooCostly);

    // keyless signing and verification by identity (SCSEC5100-5199)
    public const string OidcTokenMissing = nameof(OidcTokenMissing);
    public const string OidcTokenInvalid = nameof(OidcTokenInvalid);
    public const string OidcTokenRequestFailed = nameof(OidcTokenRequestFailed);
    public const string OidcTokenFileUnreadable = nameof(OidcTokenFileUnreadable);
    public const string SigstoreServiceUnreachable = nameof(SigstoreServiceUnreachable);
    public const string SigstoreServiceFailed = nameof(SigstoreServiceFailed);
    public const string FulcioAnswerInvalid = nameof(FulcioAnswerInvalid);
    public const string RekorAnswerInvalid = nameof(RekorAnswerInvalid);
    public const string RekorConflictUnresolved = nameof(RekorConflictUnresolved);
    public const string RekorConflictMismatch = nameof(RekorConflictMismatch);
    public const string KeylessSigned = nameof(KeylessSigned);
    public const string TrustedRootInvalid = nameof(TrustedRootInvalid);
    public const string CertificateIdentityMismatch = nameof(CertificateIdentityMismatch);
    public const string CertificateIssuerMismatch = nameof(CertificateIssuerMismatch);
    public const string CertificateNotValidAtSigningTime = nameof(CertificateNotValidAtSigningTime);
    public const string CertificateChainUntrusted = nameof(CertificateChainUntrusted);
    public const string TlogEntryInvalid = nameof(TlogEntryInvalid);
    public const string BundleSubjectMismatch = nameof(BundleSubjectMismatch);
    public const string IdentityPolicyMissing = nameof(IdentityPolicyMissing);
    public const string IdentityRegexpInvalid = nameof(IdentityRegexpInvalid);
    public const string KeylessSignatureVerified = nameof(KeylessSignatureVerified);
    public const string SignatureInvalid = nameof(SignatureInvalid);
    public const string TimestampAuthorityNotSupported = nameof(TimestampAuthorityNotSupported);
    public const string SctInvalid = nameof(SctInvalid);
    public const string PublicKeyInvalid = nameof(PublicKeyInvalid);

    // attestations: DSSE/in-toto statements, provenance, sc sbom|provenance attach|verify (SCSEC6000-6099)
    public const string AttestationFailed = nameof(AttestationFailed);
    public const string AttestationWritten = nameof(AttestationWritten);
    public const string AttestationNotVerified = nameof(AttestationNotVerified);
    public const string AttestationVerifyAfterWriteFailed = nameof(AttestationVerifyAfterWriteFailed);
    public const string UnknownPredicateType = nameof(UnknownPredicateType);
    public const string ProvenanceLocalBuilder = nameof(ProvenanceLocalBuilder);
    public const string AttestationVerified = nameof(AttestationVerified);
    public const string AttestationInputInvalid = nameof(AttestationInputInvalid);

    public const string RpmHeaderMalformed = nameof(RpmHeaderMalformed);
    public const string RpmDatabaseUnreadable = nameof(RpmDatabaseUnreadable);
    public const string RpmSqliteUnavailable = nameof(RpmSqliteUnavailable);
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
    public const string LayerEntryNotSupported = nameof(LayerEntryNotSupported);
    public const string HardLinkTargetMissing = nameof(HardLinkTargetMissing);
    public const string OsPackagesWithoutRelease = nameof(OsPackagesWithoutRelease);

    // scanning: versions, ranges, CVSS, matcher (SCSEC4001-4019)
    public const string BuiltinDatabaseUnreadable = nameof(BuiltinDatabaseUnreadable);
    public const string PackagesNotMatched = nameof(PackagesNotMatched);

    // scanning: database, OSV and NuGet import (SCSEC4020-4049)
    public const string VulnerabilityDatabaseNotFound = nameof(VulnerabilityDatabaseNotFound);
    public const string VulnerabilityDatabaseCorrupt = nameof(VulnerabilityDatabaseCorrupt);
    public const string VulnerabilityDatabaseSchemaUnsupported = nameof(VulnerabilityDatabaseSchemaUnsupported);
    public const string VulnerabilityDatabaseWriteFailed = nameof(VulnerabilityDatabaseWriteFailed);
    public const string VulnerabilityRecordSkipped = nameof(VulnerabilityRecordSkipped);
    public const string VulnerabilitySourceNotFound = nameof(VulnerabilitySourceNotFound);
    public const string VulnerabilitySourceUnsupported = nameof(VulnerabilitySourceUnsupported);
    public const string VulnerabilityFeedInsecure = nameof(VulnerabilityFeedInsecure);
    public const string VulnerabilityFeedRequestFailed = nameof(VulnerabilityFeedRequestFailed);
    public const string VulnerabilityFeedTooLarge = nameof(VulnerabilityFeedTooLarge);
    public const string NuGetServiceIndexInvalid = nameof(NuGetServiceIndexInvalid);
    public const string NuGetVulnerabilityResourceMissing = nameof(NuGetVulnerabilityResourceMissing);
    public const string NuGetVulnerabilityDataInvalid = nameof(NuGetVulnerabilityDataInvalid);
    public const string NuGetVulnerabilityEntrySkipped = nameof(NuGetVulnerabilityEntrySkipped);
    public const string VulnerabilityImportFailed = nameof(VulnerabilityImportFailed);
    public const string NuGetAuditSourcesUnreadable = nameof(NuGetAuditSourcesUnreadable);
    public const string NuGetAuditSourceNotHttp = nameof(NuGetAuditSourceNotHttp);
    public const string VulnerabilityDatabaseStale = nameof(VulnerabilityDatabaseStale);

    // scanning: grype/trivy backends, reports, DefectDojo (SCSEC4050-4079)
    public const string ScannerToolMissing = nameof(ScannerToolMissing);
    public const string ScannerToolFailed = nameof(ScannerToolFailed);
    public const string ScannerOutputInvalid = nameof(ScannerOutputInvalid);
    public const string ScannerNothingToScan = nameof(ScannerNothingToScan);
    public const string ScannerTimedOut = nameof(ScannerTimedOut);
    public const string ScanReportUnreadable = nameof(ScanReportUnreadable);
    public const string DefectDojoContextMissing = nameof(DefectDojoContextMissing);
    public const string DefectDojoRejected = nameof(DefectDojoRejected);
    public const string DefectDojoUnauthorized = nameof(DefectDojoUnauthorized);
    public const string DefectDojoUnavailable = nameof(DefectDojoUnavailable);
    public const string DefectDojoResponseInvalid = nameof(DefectDojoResponseInvalid);
    public const string DefectDojoReportMissing = nameof(DefectDojoReportMissing);

    // scanning: policy, scan stage, sc image scan / sc db (SCSEC4080-4119)
    public const string ScanSbomUnreadable = nameof(ScanSbomUnreadable);
    public const string ScanViolation = nameof(ScanViolation);
    public const string ScanFindingWarning = nameof(ScanFindingWarning);
    public const string ScanSummary = nameof(ScanSummary);
    public const string ScanFailed = nameof(ScanFailed);
    public const string ScannerUnavailable = nameof(ScannerUnavailable);
    public const string IgnoreFileInvalid = nameof(IgnoreFileInvalid);
    public const string IgnoreEntryExpired = nameof(IgnoreEntryExpired);
    public const string VexDocumentInvalid = nameof(VexDocumentInvalid);
    public const string UnknownSeverityThreshold = nameof(UnknownSeverityThreshold);
    public const string UnknownScanTool = nameof(UnknownScanTool);
    public const string DefectDojoUploaded = nameof(DefectDojoUploaded);
    public const string DefectDojoUploadFailed = nameof(DefectDojoUploadFailed);
    public const string LiteralApiKeyRefused = nameof(LiteralApiKeyRefused);
    public const string DefectDojoApiKeyMissing = nameof(DefectDojoApiKeyMissing);
    public const string InvalidMaxDatabaseAge = nameof(InvalidMaxDatabaseAge);

    // scanning: zero-config scan: the honest gate, data on demand (SCSEC4100-4199)
    public const string ScanNotEvaluated = nameof(ScanNotEvaluated);
    public const string VulnerabilityDatabaseNeverUpdated = nameof(VulnerabilityDatabaseNeverUpdated);
    public const string VulnerabilityDatabaseLacksEcosystem = nameof(VulnerabilityDatabaseLacksEcosystem);
    public const string DefectDojoUploadSkipped = nameof(DefectDojoUploadSkipped);
    public const string VulnerabilityDatabaseUpdated = nameof(VulnerabilityDatabaseUpdated);
    public const string VulnerabilitySourceUnavailable = nameof(VulnerabilitySourceUnavailable);
    public const string VulnerabilityDatabaseUpdateTimedOut = nameof(VulnerabilityDatabaseUpdateTimedOut);
    public const string InvalidDatabaseUpdateTimeout = nameof(InvalidDatabaseUpdateTimeout);

    // scanning: the gate before the push (SCSEC4110-4139)
    public const string PrePushGateFailed = nameof(PrePushGateFailed);
    public const string PrePushScanned = nameof(PrePushScanned);
    public const string PrePushBasePlatformMissing = nameof(PrePushBasePlatformMissing);
    public const string PrePushRuntimeIdentifierUnknown = nameof(PrePushRuntimeIdentifierUnknown);
    public const string PrePushPackagesDiffer = nameof(PrePushPackagesDiffer);
    public const string PrePushPackagesAgree = nameof(PrePushPackagesAgree);
    public const string PrePushNotJudged = nameof(PrePushNotJudged);

    public const string InvalidSettingValue = nameof(InvalidSettingValue);
    public const string CommandLineInvalid = nameof(CommandLineInvalid);

    // stack YAML, sc config show, sc policy generate (SCSEC1200-1299)
    public const string StackConfigNotFound = nameof(StackConfigNotFound);
    public const string StackConfigInvalid = nameof(StackConfigInvalid);
    public const string StackConfigRefused = nameof(StackConfigRefused);
    public const string StackEnvironmentNotFound = nameof(StackEnvironmentNotFound);
    public const string StackEnvironmentWithoutStack = nameof(StackEnvironmentWithoutStack);
    public const string StackValueWrongType = nameof(StackValueWrongType);
    public const string StackKeyUnknown = nameof(StackKeyUnknown);
    public const string StackKeyUnknownDidYouMean = nameof(StackKeyUnknownDidYouMean);
    public const string StackKeyNotApplied = nameof(StackKeyNotApplied);
    public const string PlaceholderUnsupported = nameof(PlaceholderUnsupported);
    public const string StackSecretMissing = nameof(StackSecretMissing);
    public const string StackVariableMissing = nameof(StackVariableMissing);
    public const string GitValueUnavailable = nameof(GitValueUnavailable);
    public const string StackLiteralSecretRefused = nameof(StackLiteralSecretRefused);
    public const string StackNoScannerEnabled = nameof(StackNoScannerEnabled);
    public const string InlineKeyNotPem = nameof(InlineKeyNotPem);
    public const string InlineKeyNeedsBuiltinProvider = nameof(InlineKeyNeedsBuiltinProvider);
    public const string PolicyNothingSigned = nameof(PolicyNothingSigned);
    public const string PolicyKeylessIdentityMissing = nameof(PolicyKeylessIdentityMissing);
    public const string PolicyKeyMissing = nameof(PolicyKeyMissing);
    public const string PolicyBuilderIdMissing = nameof(PolicyBuilderIdMissing);
    public const string ScanToolThresholdInvalid = nameof(ScanToolThresholdInvalid);
    public const string PolicySourceUnknown = nameof(PolicySourceUnknown);

    public const string NotRunOnNetFramework = nameof(NotRunOnNetFramework);
    public const string RequiredNotRunOnNetFramework = nameof(RequiredNotRunOnNetFramework);
    public const string StageNotRun = nameof(StageNotRun);
    public const string StaleEvidenceRemoved = nameof(StaleEvidenceRemoved);
    public const string ReleaseInvalidVersion = nameof(ReleaseInvalidVersion);
    public const string ReleaseSourceNotFound = nameof(ReleaseSourceNotFound);
    public const string ReleaseNoProjects = nameof(ReleaseNoProjects);
    public const string ReleaseProjectNotInPlan = nameof(ReleaseProjectNotInPlan);
    public const string ReleaseInvalidParallelism = nameof(ReleaseInvalidParallelism);
    public const string MsBuildNotFound = nameof(MsBuildNotFound);
    public const string ReleaseProjectEvaluationFailed = nameof(ReleaseProjectEvaluationFailed);
    public const string ReleaseTagExists = nameof(ReleaseTagExists);
    public const string ReleaseTagFailed = nameof(ReleaseTagFailed);
    public const string ReleaseTagPushFailed = nameof(ReleaseTagPushFailed);
    public const string ReleaseNotInGitWorkTree = nameof(ReleaseNotInGitWorkTree);
    public const string ReleaseImageFailed = nameof(ReleaseImageFailed);
    public const string ReleaseImageCancelled = nameof(ReleaseImageCancelled);
    public const string ReleaseStageWarning = nameof(ReleaseStageWarning);
    public const string ReleaseFailed = nameof(ReleaseFailed);
    public const string ReleaseSummaryWritten = nameof(ReleaseSummaryWritten);
    public const string ReleaseTagged = nameof(ReleaseTagged);
    public const string ReleaseCancelledByUser = nameof(ReleaseCancelledByUser);
    public const string ReleaseStageStarted = nameof(ReleaseStageStarted);
    public const string ReleaseRestored = nameof(ReleaseRestored);
    public const string ReleaseRestoreFailed = nameof(ReleaseRestoreFailed);
}
