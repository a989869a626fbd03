using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Scanning.DefectDojo;

/// <summary>
/// Uploads a report file to DefectDojo's API v2. It looks for the test first (<c>GET products/</c>,
/// <c>engagements/</c>, <c>tests/?engagement=&amp;title=</c>) and re-imports into it (<c>POST reimport-scan/</c> with
/// <c>test</c>) when it exists, else imports a new test (<c>POST import-scan/</c> with <c>engagement</c>, or
/// <c>product_name</c> + <c>engagement_name</c> and <c>auto_create_context</c>). Field names and responses follow
/// DefectDojo/django-DefectDojo dojo/api_v2/serializers.py (CommonImportScanSerializer, ImportScanSerializer,
/// ReImportScanSerializer) and dojo/api_v2/views.py. Requests are retried with backoff on 429, 5xx and transport
/// errors; other 4xx are coded errors. Stateless apart from the injected <see cref="HttpClient"/>, so safe to share.
/// </summary>
public sealed class DefectDojoClient(HttpClient http)
{
    private const int MaxSummaryChars = 500;

    public async Task<DefectDojoUploadResult> UploadAsync(string reportPath, string scanType, DefectDojoUploadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(scanType);
        if (options.EngagementId is null && (string.IsNullOrWhiteSpace(options.ProductName) || string.IsNullOrWhiteSpace(options.EngagementName)))
        {
            throw new ScException(DiagnosticIds.DefectDojoContextMissing);
        }

        if (!File.Exists(reportPath))
        {
            throw new ScException(DiagnosticIds.DefectDojoReportMissing, reportPath);
        }

        var report = await File.ReadAllBytesAsync(reportPath, cancellationToken).ConfigureAwait(false);
        var title = options.TestTitleOr(scanType);
        var testId = options.ReimportExistingTest ? await FindTestAsync(options, title, scanType, cancellationToken).ConfigureAwait(false) : null;

        var fields = new List<KeyValuePair<string, string>>
        {
            new("scan_type", scanType),
            new("test_title", title),
            new("active", Bool(options.Active)),
            new("verified", Bool(options.Verified)),
        };
        // Always explicit: DefectDojo's default differs by endpoint (true for reimport-scan), and an implicit close on a
        // re-import is how a report without results closed every open finding of a test.
        fields.Add(new("close_old_findings", Bool(options.CloseOldFindings ?? testId is not null)));

        if (options.MinimumSeverity is { Length: > 0 } minimum)
        {
            fields.Add(new("minimum_severity", minimum));
        }

        string endpoint;
        if (testId is { } existing)
        {
            endpoint = "reimport-scan/";
            fields.Add(new("test", existing.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            endpoint = "import-scan/";
            if (options.EngagementId is { } engagement)
            {
                fields.Add(new("engagement", engagement.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                fields.Add(new("product_name", options.ProductName!));
                fields.Add(new("engagement_name", options.EngagementName!));
                if (options.ProductTypeName is { Length: > 0 } productType)
                {
                    fields.Add(new("product_type_name", productType));
                }

                fields.Add(new("auto_create_context", "true"));
            }
        }

        var fileName = Path.GetFileName(reportPath);
        using var response = await SendAsync(
            options,
            $"POST api/v2/{endpoint}",
            () => new HttpRequestMessage(HttpMethod.Post, Api(options, endpoint)) { Content = Multipart(fields, report, fileName) },
            cancellationToken).ConfigureAwait(false);
        var body = await ReadJsonAsync(response, options, $"POST api/v2/{endpoint}", cancellationToken).ConfigureAwait(false);
        var test = body.Integer("test_id") ?? body.Integer("test")
            ?? throw new ScException(DiagnosticIds.DefectDojoResponseInvalid, options.BaseUri, $"POST api/v2/{endpoint}", "it names no test_id");
        return new DefectDojoUploadResult(testId is not null, test, body.Integer("engagement_id"), body.Integer("product_id"), body.Integer("product_type_id"));
    }

    /// <summary>The existing test of this engagement with this title, or null (also when the product or engagement does not exist yet).</summary>
    private async Task<long?> FindTestAsync(DefectDojoUploadOptions options, string title, string scanType, CancellationToken cancellationToken)
    {
        var engagement = options.EngagementId;
        if (engagement is null)
        {
            var product = await FindIdAsync(options, $"products/?name={Uri.EscapeDataString(options.ProductName!)}&limit=100", "name", options.ProductName!, cancellationToken).ConfigureAwait(false);
            if (product is null)
            {
                return null;
            }

            engagement = await FindIdAsync(options, $"engagements/?product={product.Value.ToString(CultureInfo.InvariantCulture)}&name={Uri.EscapeDataString(options.EngagementName!)}&limit=100", "name", options.EngagementName!, cancellationToken).ConfigureAwait(false);
            if (engagement is null)
            {
                return null;
            }
        }

        return await FindIdAsync(options, $"tests/?engagement={engagement.Value.ToString(CultureInfo.InvariantCulture)}&title={Uri.EscapeDataString(title)}&limit=100", "title", title, cancellationToken, scanType).ConfigureAwait(false);
    }

    /// <summary>
    /// A list query (<c>{"count":…,"results":[…]}</c>, DefectDojo's limit/offset pagination); the match is checked here
    /// too, exactly, because some of DefectDojo's name filters match case-insensitively or by substring. A test of
    /// another scan type with the same title is not ours to re-import into (DefectDojo's own lookup,
    /// get_target_test_if_exists, matches the scan type too).
    /// </summary>
    private async Task<long?> FindIdAsync(DefectDojoUploadOptions options, string query, string field, string value, CancellationToken cancellationToken, string? scanType = null)
    {
        var what = $"GET api/v2/{query[..query.IndexOf('?', StringComparison.Ordinal)]}";
        using var response = await SendAsync(options, what, () => new HttpRequestMessage(HttpMethod.Get, Api(options, query)), cancellationToken).ConfigureAwait(false);
        var body = await ReadJsonAsync(response, options, what, cancellationToken).ConfigureAwait(false);
        if (body.Member("results") is not { ValueKind: JsonValueKind.Array } results)
        {
            throw new ScException(DiagnosticIds.DefectDojoResponseInvalid, options.BaseUri, what, "it has no 'results' list");
        }

        return results.EnumerateArray()
            .Where(r => string.Equals(r.String(field), value, StringComparison.Ordinal))
            .Where(r => scanType is null || r.String("scan_type") is not { } type || string.Equals(type, scanType, StringComparison.Ordinal))
            .Select(r => r.Integer("id"))
            .OrderByDescending(id => id)
            .FirstOrDefault();
    }

    private async Task<HttpResponseMessage> SendAsync(DefectDojoUploadOptions options, string what, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, options.MaxAttempts);
        string lastError = string.Empty;
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            request.Headers.TryAddWithoutValidation("Authorization", "Token " + options.ApiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            TimeSpan? retryAfter = null;
            try
            {
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        throw new ScException(DiagnosticIds.DefectDojoUnauthorized, options.BaseUri, status, what);
                    }

                    var summary = await SummariseAsync(response, options, cancellationToken).ConfigureAwait(false);
                    if (status != 429 && status < 500)
                    {
                        throw new ScException(DiagnosticIds.DefectDojoRejected, options.BaseUri, status, what, summary);
                    }

                    lastError = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}: {summary}");
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
            }
            catch (HttpRequestException ex)
            {
                lastError = Redact(ex.Message, options);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = string.Create(CultureInfo.InvariantCulture, $"no answer within {options.RequestTimeout.TotalSeconds:0} s");
            }

            if (attempt >= attempts)
            {
                throw new ScException(DiagnosticIds.DefectDojoUnavailable, options.BaseUri, what, attempts, lastError);
            }

            var backoff = options.RetryDelay * Math.Pow(2, attempt - 1);
            var wait = retryAfter is { } after && after > backoff ? after : backoff;
            await Task.Delay(wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, DefectDojoUploadOptions options, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new ScException(DiagnosticIds.DefectDojoResponseInvalid, options.BaseUri, what, "the body is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.DefectDojoResponseInvalid, DiagnosticSeverity.Error, options.BaseUri, what, ex.Message), ex);
        }
    }

    /// <summary>
    /// DefectDojo's errors are Django REST framework bodies: <c>{"detail":"…"}</c>, or field → messages
    /// (<c>{"scan_type":["\"x\" is not a valid choice."]}</c>), or <c>{"message":"…"}</c>; anything else is cut short.
    /// </summary>
    private static async Task<string> SummariseAsync(HttpResponseMessage response, DefectDojoUploadOptions options, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string summary;
        try
        {
            using var document = JsonDocument.Parse(text);
            summary = Flatten(document.RootElement, prefix: null);
        }
        catch (JsonException)
        {
            summary = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        summary = Redact(summary.Length == 0 ? response.ReasonPhrase ?? "no details" : summary, options);
        return summary.Length <= MaxSummaryChars ? summary : string.Concat(summary.AsSpan(0, MaxSummaryChars), "…");
    }

    private static string Flatten(JsonElement element, string? prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join("; ", element.EnumerateObject().Select(p => Flatten(p.Value, p.Name is "detail" or "message" or "non_field_errors" ? prefix : prefix is null ? p.Name : $"{prefix}.{p.Name}"))),
        JsonValueKind.Array => (prefix is null ? string.Empty : prefix + ": ") + string.Join(" ", element.EnumerateArray().Select(e => Flatten(e, null))),
        JsonValueKind.String => (prefix is null ? string.Empty : prefix + ": ") + element.GetString(),
        _ => (prefix is null ? string.Empty : prefix + ": ") + element.GetRawText(),
    };

    /// <summary>The key never leaves this class, even if a proxy or a server echoed the request's headers back.</summary>
    private static string Redact(string text, DefectDojoUploadOptions options) =>
        options.ApiKey.Length == 0 ? text : text.Replace(options.ApiKey, "***", StringComparison.Ordinal);

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields, byte[] report, string fileName)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }

        var file = new ByteArrayContent(report);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "file", fileName);
        return content;
    }

    private static Uri Api(DefectDojoUploadOptions options, string relative)
    {
        var root = options.BaseUri.AbsoluteUri.EndsWith('/') ? options.BaseUri : new Uri(options.BaseUri.AbsoluteUri + "/");
        return new Uri(root, "api/v2/" + relative);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
