using System.Globalization;
using Microsoft.Build.Locator;

namespace SimpleContainer.Security.Benchmarks.Evaluation;

/// <summary>
/// What a package's props and targets cost MSBuild's evaluation, measured where a whole publish is too noisy to show
/// a millisecond: each project is evaluated many times in this one process, in a shuffled order each round, each time
/// in a new project collection (so every file is read and parsed again, as by a new dotnet process), and the evaluating
/// thread's CPU time is recorded. Paired per-round differences against the first project cancel what the machine's
/// other load does to a round.
/// </summary>
internal static class EvaluationCostBenchmark
{
    private const int WarmUpRounds = 20;

    public static int Run(string rounds, IReadOnlyList<string> projects)
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }

        return Measure(int.Parse(rounds, CultureInfo.InvariantCulture), projects);
    }

    // Kept apart from Run: MSBuild's types may be loaded only after the locator is registered.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Measure(int rounds, IReadOnlyList<string> projects)
    {
        var cpu = projects.ToDictionary(p => p, _ => new List<double>());
        var random = new Random(7);
        for (var round = 0; round < WarmUpRounds + rounds; round++)
        {
            var order = projects.ToArray();
            random.Shuffle(order);
            foreach (var project in order)
            {
                var spent = EvaluationTimer.ThreadCpuMilliseconds(project);
                if (round >= WarmUpRounds)
                {
                    cpu[project].Add(spent);
                }
            }
        }

        var baseline = projects[0];
        Console.WriteLine(FormattableString.Invariant($"evaluations: {rounds} of each project (after {WarmUpRounds} warm-up rounds), shuffled; CPU time of the evaluating thread, median, and the median of the paired per-round differences against {Name(baseline)} with its 95% confidence interval"));
        foreach (var project in projects)
        {
            var line = FormattableString.Invariant($"{Name(project),-12} {Statistics.Median(cpu[project]),8:0.00} ms");
            if (project != baseline)
            {
                var differences = cpu[project].Zip(cpu[baseline], (a, b) => a - b).ToList();
                var (low, high) = Statistics.MedianConfidenceInterval(differences);
                line += FormattableString.Invariant($"   {Statistics.Median(differences),+7:+0.00;-0.00} ms [{low:+0.00;-0.00}, {high:+0.00;-0.00}]");
            }

            Console.WriteLine(line);
        }

        return 0;
    }

    private static string Name(string project) => Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(project))) ?? project;
}
