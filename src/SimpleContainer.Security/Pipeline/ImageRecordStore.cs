using System.Text.Json;
using System.Text.Json.Serialization;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Pipeline;

/// <summary>Reads and writes <c>image.json</c> (written atomically).</summary>
public static class ImageRecordStore
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(string path, ImageRecord record, CancellationToken cancellationToken = default) =>
        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(record, Options), cancellationToken).ConfigureAwait(false);

    public static async Task<ImageRecord> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ImageRecord>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the file is empty");
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.InvalidContainerOutput, DiagnosticSeverity.Error, path, ex.Message), ex);
        }
    }
}
