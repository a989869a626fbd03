namespace SimpleContainer.Security.Scanning.DefectDojo;

/// <summary>The <c>scan_type</c> names DefectDojo's parsers are registered under (dojo/tools/*/parser.py get_scan_types).</summary>
public static class DefectDojoScanTypes
{
    /// <summary>Our <c>scan.sarif</c>.</summary>
    public const string Sarif = "SARIF";

    /// <summary>grype's raw <c>-o json</c> report.</summary>
    public const string AnchoreGrype = "Anchore Grype";

    /// <summary>trivy's raw <c>--format json</c> report.</summary>
    public const string Trivy = "Trivy Scan";
}

/// <summary>
/// Where and how to upload a report to DefectDojo. The engagement is either <see cref="EngagementId"/> or
/// <see cref="ProductName"/> + <see cref="EngagementName"/> (created with <c>auto_create_context</c> when missing;
/// <see cref="ProductTypeName"/> is needed when the product is new). The API key is sent only in the
/// <c>Authorization</c> header and never appears in messages.
/// </summary>
public sealed record DefectDojoUploadOptions
{
    /// <summary>The server's root, e.g. <c>https://defectdojo.example.com/</c> (the API is under <c>api/v2/</c>).</summary>
    public required Uri BaseUri { get; init; }

    public required string ApiKey { get; init; }

    public long? EngagementId { get; init; }

    public string? ProductName { get; init; }

    public string? EngagementName { get; init; }

    public string? ProductTypeName { get; init; }

    /// <summary>The test's title; the same title finds the test again on the next upload. Defaults to the scan type.</summary>
    public string? TestTitle { get; init; }

    public bool Active { get; init; } = true;

    public bool Verified { get; init; }

    /// <summary>DefectDojo's word: <c>Info</c>, <c>Low</c>, <c>Medium</c>, <c>High</c>, <c>Critical</c>; null uploads everything.</summary>
    public string? MinimumSeverity { get; init; }

    /// <summary>
    /// Close findings the new report no longer has. It is always sent; null sends DefectDojo's documented default for the
    /// endpoint: false for import-scan, true for reimport-scan (so re-uploading a fixed image closes what was fixed).
    /// The scan stage never uploads a report of an image no scanner produced a result for.
    /// </summary>
    public bool? CloseOldFindings { get; init; }

    /// <summary>When the test already exists, re-import into it (DefectDojo then closes what is gone and keeps history) instead of adding a new test.</summary>
    public bool ReimportExistingTest { get; init; } = true;

    /// <summary>Per request; an upload of a large report is parsed synchronously by DefectDojo and can take a while.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per request, retrying on 429, 5xx and transport errors.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first retry's wait; each next one doubles it (a <c>Retry-After</c> header wins, up to a minute).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    internal string TestTitleOr(string scanType) => TestTitle is { Length: > 0 } title ? title : scanType;

    /// <summary>The record's generated members print every property; the API key is shown as <c>***</c>.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("BaseUri = ").Append(BaseUri).Append(", ApiKey = ***")
            .Append(", EngagementId = ").Append(EngagementId)
            .Append(", ProductName = ").Append(ProductName)
            .Append(", EngagementName = ").Append(EngagementName)
            .Append(", ProductTypeName = ").Append(ProductTypeName)
            .Append(", TestTitle = ").Append(TestTitle)
            .Append(", Active = ").Append(Active)
            .Append(", Verified = ").Append(Verified)
            .Append(", MinimumSeverity = ").Append(MinimumSeverity)
            .Append(", CloseOldFindings = ").Append(CloseOldFindings)
            .Append(", ReimportExistingTest = ").Append(ReimportExistingTest)
            .Append(", RequestTimeout = ").Append(RequestTimeout)
            .Append(", MaxAttempts = ").Append(MaxAttempts)
            .Append(", RetryDelay = ").Append(RetryDelay);
        return true;
    }
}

/// <summary>What DefectDojo reported after an upload (the import-scan/reimport-scan response's ids).</summary>
public sealed record DefectDojoUploadResult(bool Reimported, long TestId, long? EngagementId, long? ProductId, long? ProductTypeId);
