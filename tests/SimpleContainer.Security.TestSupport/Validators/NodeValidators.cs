using SimpleContainer.Security.Tools;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.TestSupport.Validators;

/// <summary>Runs the project's node validators (tests/validators): SBOM schemas, purls, Sigstore bundles. A missing install fails the test; it never skips.</summary>
public static class NodeValidators
{
    public static string Folder => Path.Combine(RepositoryLayout.Root, "tests", "validators");

    public static Task<ProcessResult> ValidateCycloneDxAsync(string file) => RunAsync("validate-cyclonedx.cjs", file);

    public static Task<ProcessResult> ValidateSpdxAsync(string file) => RunAsync("validate-spdx.cjs", file);

    public static Task<ProcessResult> VerifySigstoreBundleAsync(string bundle, string publicKey, string digest, string predicateType) =>
        RunAsync("verify-sigstore-bundle.cjs", bundle, publicKey, digest, predicateType);

    /// <summary>A keyless bundle against a trusted root and the expected identity and issuer (verify-sigstore-keyless.cjs); <paramref name="mode"/> is <c>--digest</c> (a sha256 digest) or <c>--artifact</c> (a file).</summary>
    public static Task<ProcessResult> VerifySigstoreKeylessBundleAsync(string bundle, string trustedRoot, string identity, string issuer, string mode, string value) =>
        RunAsync("verify-sigstore-keyless.cjs", bundle, trustedRoot, identity, issuer, mode, value);

    /// <summary>The official SARIF 2.1.0 schema plus GitHub code scanning's documented requirements (validate-sarif.cjs).</summary>
    public static Task<ProcessResult> ValidateSarifAsync(string file) => RunAsync("validate-sarif.cjs", file);

    /// <summary>A Kubernetes resource (JSON file) against a CRD's OpenAPI schema kept in tests/validators/schemas (validate-crd.cjs).</summary>
    public static Task<ProcessResult> ValidateCustomResourceAsync(string schemaFileName, string resourceJsonFile) => RunAsync("validate-crd.cjs", schemaFileName, resourceJsonFile);

    public static Task<ProcessResult> ParsePurlsAsync(IEnumerable<string> purls) => RunAsync("parse-purls.cjs", [.. purls]);

    /// <summary>Writes <paramref name="content"/> to a temp file and returns its path.</summary>
    public static string WriteTemp(byte[] content, string extension)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-sbom-").FullName, "sbom" + extension);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static async Task<ProcessResult> RunAsync(string script, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@cyclonedx", "cyclonedx-library")) || !Directory.Exists(Path.Combine(Folder, "node_modules", "@sigstore", "verify")) || !Directory.Exists(Path.Combine(Folder, "node_modules", "ajv-draft-04")))
        {
            throw new InvalidOperationException($"The validators are not installed in {Folder}. Run `npm ci --prefix tests/validators` (Node 20.18+) from the repository root (tests/run.sh and .ci/run do).");
        }

        try
        {
            return await new ToolRunner().RunAsync(new ProcessRequest("node", [Path.Combine(Folder, script), .. arguments]) { Timeout = TimeSpan.FromMinutes(2) }, CancellationToken.None);
        }
        catch (ToolNotFoundException ex)
        {
            throw new InvalidOperationException($"node is needed for the validators and could not be started ({ex.Message}). Install Node.js 20.18+ and run `npm ci --prefix tests/validators`.", ex);
        }
    }
}
