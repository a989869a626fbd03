using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>
/// The real cosign 2.5 and skopeo 1.18 that tests check interop against, installed by tests/peer-tools/install.sh into
/// <c>$SC_PEER_TOOLS</c> (default /tmp/sc-peer-tools). Missing tools fail the test with how to install them.
/// cosign runs offline: HOME and TUF_ROOT point at a throw-away folder and the transparency log is never used.
/// </summary>
public static class PeerTools
{
    public static string Folder => Environment.GetEnvironmentVariable("SC_PEER_TOOLS") is { Length: > 0 } folder ? folder : "/tmp/sc-peer-tools";

    public static string Cosign => Require("cosign");

    public static string Skopeo => Require("skopeo");

    public static Task<ProcessResult> CosignAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var home = Directory.CreateTempSubdirectory("sc-cosign-home-").FullName;
        var variables = new Dictionary<string, string?> { ["HOME"] = home, ["TUF_ROOT"] = Path.Combine(home, "tuf"), ["COSIGN_EXPERIMENTAL"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return new ToolRunner().RunAsync(new ProcessRequest(Cosign, arguments) { Environment = variables, Timeout = TimeSpan.FromMinutes(2) }, cancellationToken);
    }

    public static Task<ProcessResult> SkopeoAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        new ToolRunner().RunAsync(new ProcessRequest(Skopeo, arguments) { Timeout = TimeSpan.FromMinutes(2) }, cancellationToken);

    private static string Require(string tool)
    {
        var path = Path.Combine(Folder, "bin", tool);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The interop test needs {tool} at {path}. Run: bash tests/peer-tools/install.sh (tests/run.sh and .ci/run do).");
    }
}
