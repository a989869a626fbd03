namespace SimpleContainer.Security.Tools;

/// <summary>Finds an external program: an explicit path from an environment variable, else the first match on PATH.</summary>
public static class ToolLocator
{
    public static string? Find(string program, string? overrideVariable, Func<string, string?> getVariable)
    {
        if (overrideVariable is not null && getVariable(overrideVariable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        foreach (var folder in (getVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
