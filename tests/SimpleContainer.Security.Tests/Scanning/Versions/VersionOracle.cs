using System.Globalization;
using System.Text;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Scanning.Versions;

/// <summary>Asks the real tools how they order version pairs: <c>dpkg --compare-versions</c> and rpm's <c>rpm.vercmp</c>.</summary>
internal static class VersionOracle
{
    // Two workers (xargs -P 2), each one bash looping over 500 pairs; every answer carries its pair's index.
    // The timeout is a guard against a hung dpkg, not a speed check: 10,000 pairs take about 30 s on an idle 2-core
    // machine and several minutes on a loaded one.
    private const string DpkgLoop = """
        while [ $# -gt 0 ]; do
          if dpkg --compare-versions "$2" lt "$3"; then r=-1
          elif dpkg --compare-versions "$2" eq "$3"; then r=0
          else r=1; fi
          echo "$1 $r"; shift 3
        done
        """;

    public static async Task<int[]> DpkgAsync(IReadOnlyList<(string Left, string Right)> pairs, CancellationToken cancellationToken)
    {
        Prerequisites.Require("dpkg", "apt-get install dpkg");
        var input = new StringBuilder();
        for (var i = 0; i < pairs.Count; i++) input.Append(CultureInfo.InvariantCulture, $"{i} {pairs[i].Left} {pairs[i].Right}\n");
        var result = await new ToolRunner().RunAsync(
            new ProcessRequest("xargs", ["-P", "2", "-n", "1500", "bash", "-c", DpkgLoop, "dpkg-oracle"]) { StandardInput = input.ToString(), Timeout = TimeSpan.FromMinutes(10) },
            cancellationToken);
        Assert.AreEqual(0, result.ExitCode, $"dpkg oracle failed: {result.StandardError}");
        return Collect(result.StandardOutput, pairs.Count, "dpkg");
    }

    public static async Task<int[]> RpmAsync(IReadOnlyList<(string Left, string Right)> pairs, CancellationToken cancellationToken)
    {
        Prerequisites.Require("rpm", "apt-get install rpm");
        var file = Path.Combine(Path.GetTempPath(), $"sc-rpm-pairs-{Guid.NewGuid():N}.txt");
        try
        {
            await File.WriteAllLinesAsync(file, pairs.Select((p, i) => $"{i} {p.Left} {p.Right}"), cancellationToken);
            var script = $$"""%{lua: for line in io.lines("{{file}}") do local i, a, b = line:match("^(%d+) (%S+) (%S+)$"); print(i .. " " .. rpm.vercmp(a, b) .. "\n") end}""";
            var result = await new ToolRunner().RunAsync(new ProcessRequest("rpm", ["--eval", script]), cancellationToken);
            Assert.AreEqual(0, result.ExitCode, $"rpm oracle failed: {result.StandardError}");
            return Collect(result.StandardOutput, pairs.Count, "rpm");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int[] Collect(string output, int count, string tool)
    {
        var answers = new int?[count];
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            answers[int.Parse(parts[0], CultureInfo.InvariantCulture)] = Math.Sign(int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        var missing = Array.FindIndex(answers, a => a is null);
        Assert.AreEqual(-1, missing, $"{tool} gave no answer for pair {missing}");
        return [.. answers.Select(a => a!.Value)];
    }
}
