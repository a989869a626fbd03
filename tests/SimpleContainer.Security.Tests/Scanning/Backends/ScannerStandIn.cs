using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Scanning.Backends;

/// <summary>
/// A folder with a shell script named like the tool (grype, trivy) that records its arguments and answers like the
/// real tool: the version JSON for <c>version</c>, a recorded report (testdata/README.md) for a scan, or a failure.
/// </summary>
internal sealed class ScannerStandIn : IDisposable
{
    /// <summary>A real <c>grype version -o json</c> answer (Homebrew grype 0.92.2), as recorded in a public test of a grype wrapper.</summary>
    public const string GrypeVersionJson = """{"application": "grype","buildDate": "2025-05-20T22:12:30Z","compiler": "gc","gitCommit": "Homebrew","gitDescription": "[not provided]","goVersion": "go1.24.3","platform": "darwin/amd64","supportedDbSchema": 6,"syftVersion": "v1.26.0","version": "0.92.2"}""";

    /// <summary><c>trivy version -f json</c> as trivy's own test records it (aquasecurity/trivy pkg/commands/app_test.go).</summary>
    public const string TrivyVersionJson = """{"Version":"dev","VulnerabilityDB":{"Version":2,"NextUpdate":"2022-03-02T12:07:07.99504023Z","UpdatedAt":"2022-03-02T06:07:07.99504083Z","DownloadedAt":"2022-03-02T10:03:38.383312Z"},"JavaDB":{"Version":1,"NextUpdate":"2023-03-17T00:47:02.774253254Z","UpdatedAt":"2023-03-14T00:47:02.774253754Z","DownloadedAt":"2023-03-14T03:04:55.058541039Z"},"CheckBundle":{"Digest":"sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd","DownloadedAt":"2023-03-02T01:06:08.191725Z"}}""";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sc-scanner-standin-");

    private ScannerStandIn(string tool, string scanBody, string versionJson)
    {
        Tool = tool;
        var script = $"""
            #!/bin/sh
            printf '%s\n' "$@" >> '{ArgumentsFile}'
            echo --- >> '{ArgumentsFile}'
            if [ "$1" = version ]; then
              echo '{versionJson}'
              exit 0
            fi
            {scanBody}
            """;
        File.WriteAllText(ProgramPath, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(ProgramPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Tool { get; }

    public string Folder => _folder.FullName;

    public string ProgramPath => Path.Combine(Folder, Tool);

    private string ArgumentsFile => Path.Combine(Folder, "arguments.txt");

    public static string TestData(string name) =>
        Path.Combine(RepositoryLayout.Root, "tests", "SimpleContainer.Security.Tests", "Scanning", "Backends", "testdata", name);

    /// <summary>Prints the recorded report and exits 0.</summary>
    public static ScannerStandIn Printing(string tool, string testDataFile, string? versionJson = null) =>
        new(tool, $"cat '{TestData(testDataFile)}'", versionJson ?? DefaultVersion(tool));

    /// <summary>Runs a shell snippet for the scan (to fail, print garbage, or hang).</summary>
    public static ScannerStandIn Running(string tool, string scanBody, string? versionJson = null) => new(tool, scanBody, versionJson ?? DefaultVersion(tool));

    /// <summary>Every invocation's arguments, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Invocations()
    {
        if (!File.Exists(ArgumentsFile))
        {
            return [];
        }

        var calls = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var line in File.ReadAllLines(ArgumentsFile))
        {
            if (line == "---")
            {
                calls.Add(current);
                current = [];
            }
            else
            {
                current.Add(line);
            }
        }

        return calls;
    }

    /// <summary>Variables as the scanners read them: only PATH (this folder), nothing else set.</summary>
    public Func<string, string?> OnPath() => name => name == "PATH" ? Folder : null;

    public void Dispose() => _folder.Delete(recursive: true);

    private static string DefaultVersion(string tool) => tool == "grype" ? GrypeVersionJson : TrivyVersionJson;
}
