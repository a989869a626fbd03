using System.Runtime.InteropServices;
using Microsoft.Build.Evaluation;

namespace SimpleContainer.Security.Benchmarks.Evaluation;

/// <summary>One cold evaluation (a new project collection) of a project, timed by the calling thread's CPU clock.</summary>
internal static partial class EvaluationTimer
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static double ThreadCpuMilliseconds(string projectPath)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var globalProperties = new Dictionary<string, string> { ["Configuration"] = "Release" };
        using var collection = new ProjectCollection(globalProperties);
        var start = Now();
        var project = new Project(projectPath, globalProperties, null, collection);
        var spent = Now() - start;
        if (string.IsNullOrEmpty(project.GetPropertyValue("TargetFramework")))
        {
            throw new InvalidOperationException($"{projectPath} did not evaluate to a target framework.");
        }

        collection.UnloadAllProjects();
        return spent;
    }

    private static double Now()
    {
        if (ClockGetTime(ThreadCpuClock, out var time) != 0)
        {
            throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: this benchmark runs on Linux.");
        }

        return (time.Seconds * 1000.0) + (time.Nanoseconds / 1e6);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
