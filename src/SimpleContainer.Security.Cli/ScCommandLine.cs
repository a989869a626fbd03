using System.CommandLine;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli;

/// <summary>Builds the <c>sc</c> command tree; each command lives in its own file under Commands/.</summary>
public static class ScCommandLine
{
    public static RootCommand Create() =>
        new("sc — supply-chain security for .NET container images: SBOMs, vulnerability gates, cosign-compatible signatures and provenance.");

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Create();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            await error.WriteLineAsync(ex.Diagnostic.Message).ConfigureAwait(false);
            return ex.Code.StartsWith("SCSEC1", StringComparison.Ordinal) ? ExitCodes.ConfigurationError : ExitCodes.Failure;
        }
    }
}
