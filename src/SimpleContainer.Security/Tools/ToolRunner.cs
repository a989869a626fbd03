using System.ComponentModel;
using System.Text;
using CliWrap;

namespace SimpleContainer.Security.Tools;

/// <summary>The outcome of one process run.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Raised when the executable cannot be started (not found, not executable).</summary>
public sealed class ToolNotFoundException(string fileName, Exception inner)
    : Exception($"'{fileName}' could not be started: {inner.Message}", inner)
{
    public string FileName { get; } = fileName;
}

/// <summary>A process request: arguments are passed as a list (never through a shell); secrets go through stdin or environment.</summary>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments)
{
    public string? StandardInput { get; init; }

    /// <summary>Variables set (or, with a null value, removed) for this child only, on top of <see cref="ChildEnvironment"/>.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Output beyond this many characters per stream is read and dropped, so a runaway tool cannot exhaust memory.</summary>
    public int MaxOutputChars { get; init; } = 64 * 1024 * 1024;

    /// <summary>Called with each line of standard output as it arrives (for live progress); the output is still captured whole.</summary>
    public Action<string>? StandardOutputLine { get; init; }
}

/// <summary>
/// Runs external tools (cosign, syft, grype, trivy, credential helpers) through CliWrap: arguments as a list, stdin,
/// an environment built for the child (<see cref="ChildEnvironment"/>: no inherited secrets), a timeout, the process
/// tree killed on cancel or timeout, and output captured up to a bound. Exceptions name the program, never its
/// arguments, input or environment.
/// </summary>
public sealed class ToolRunner
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stdout = new BoundedText(request.MaxOutputChars);
        var stderr = new BoundedText(request.MaxOutputChars);
        var command = Cli.Wrap(request.FileName)
            .WithArguments(request.Arguments)
            .WithEnvironmentVariables(ChildEnvironment.ForProcess(request.Environment))
            .WithStandardInputPipe(request.StandardInput is null ? PipeSource.Null : PipeSource.FromString(request.StandardInput, Utf8))
            .WithStandardOutputPipe(request.StandardOutputLine is { } onLine
                ? PipeTarget.Merge(PipeTarget.Create(stdout.ReadAllAsync), PipeTarget.ToDelegate(onLine, Utf8))
                : PipeTarget.Create(stdout.ReadAllAsync))
            .WithStandardErrorPipe(PipeTarget.Create(stderr.ReadAllAsync))
            .WithValidation(CommandResultValidation.None);
        if (request.WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(request.WorkingDirectory);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        try
        {
            // CliWrap kills the whole process tree when this token fires.
            var result = await command.ExecuteAsync(timeout.Token).ConfigureAwait(false);
            return new ProcessResult(result.ExitCode, stdout.ToString(), stderr.ToString());
        }
        catch (Win32Exception ex)
        {
            throw new ToolNotFoundException(request.FileName, ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{request.FileName}' did not finish within {request.Timeout.TotalSeconds:0.#} s and was stopped.");
        }
    }

    /// <summary>Decodes a stream as UTF-8, keeps the first <c>maxChars</c> characters and reads the rest to its end unkept.</summary>
    private sealed class BoundedText(int maxChars)
    {
        private readonly StringBuilder _text = new();

        public async Task ReadAllAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var room = maxChars - _text.Length;
                if (room > 0)
                {
                    _text.Append(buffer, 0, Math.Min(room, read));
                }
            }
        }

        // Read only after ExecuteAsync returned, when the pipe's reader has finished.
        public override string ToString() => _text.ToString();
    }
}
