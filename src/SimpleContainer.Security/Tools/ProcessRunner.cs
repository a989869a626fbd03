using System.ComponentModel;
using System.Diagnostics;
using System.Text;

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

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Output beyond this many characters per stream is dropped, so a runaway tool cannot exhaust memory.</summary>
    public int MaxOutputChars { get; init; } = 64 * 1024 * 1024;
}

/// <summary>Runs external tools: async, cancellable, with a timeout; the process tree is killed on cancel or timeout.</summary>
public sealed class ProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = CreateStartInfo(request) };
        var stdout = new BoundedBuilder(request.MaxOutputChars);
        var stderr = new BoundedBuilder(request.MaxOutputChars);
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);

        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolNotFoundException(request.FileName, ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        try
        {
            if (request.StandardInput is not null)
            {
                await process.StandardInput.WriteAsync(request.StandardInput.AsMemory(), timeout.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{request.FileName}' did not finish within {request.Timeout.TotalSeconds:0} s and was stopped.");
        }

        // The parameterless wait drains the asynchronous output readers.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static ProcessStartInfo CreateStartInfo(ProcessRequest request)
    {
        var startInfo = new ProcessStartInfo(request.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (request.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = request.WorkingDirectory;
        }

        foreach (var argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private sealed class BoundedBuilder(int maxChars)
    {
        private readonly StringBuilder _builder = new();
        private readonly Lock _gate = new();

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_builder.Length + line.Length + 1 <= maxChars)
                {
                    _builder.Append(line).Append('\n');
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _builder.ToString();
            }
        }
    }
}
