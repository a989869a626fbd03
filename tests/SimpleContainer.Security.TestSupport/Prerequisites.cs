namespace SimpleContainer.Security.TestSupport;

/// <summary>Finds the external programs the tests drive; a missing one fails the run with how to install it, never skips.</summary>
public static class Prerequisites
{
    public static string Require(string program, string installHint)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The tests need '{program}', which is not on PATH. Install it with: {installHint} (or run .ci/run, which installs everything the tests need).");
    }
}
