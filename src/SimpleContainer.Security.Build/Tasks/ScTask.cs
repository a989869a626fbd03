using Microsoft.Build.Framework;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// Base of the tasks that resolve the user's settings: the settings and the build's restore output the targets pass,
/// cancellation wired to MSBuild's Ctrl+C, and one way a coded error ends the task (logged as an error, the task failed).
/// </summary>
public abstract class ScTask : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>One item per setting: the item is the MSBuild property's name, metadata <c>Value</c> its value (empty when unset).</summary>
    public ITaskItem[] Settings { get; set; } = [];

    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    [Required]
    public string IntermediateOutputPath { get; set; } = string.Empty;

    public string? ProjectAssetsFile { get; set; }

    public string? NuGetPackageRoot { get; set; }

    public string? TargetFramework { get; set; }

    public string? RuntimeIdentifier { get; set; }

    public string? SelfContained { get; set; }

    protected CancellationToken CancellationToken => _cancellation.Token;

    protected string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectPath)) ?? ".";

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            return ExecuteAsync().GetAwaiter().GetResult();
        }
        catch (ScException ex)
        {
            Log.Log(ex.Diagnostic.WithSeverity(DiagnosticSeverity.Error), ProjectPath);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<bool> ExecuteAsync();

    /// <summary>The settings the targets passed, each with its MSBuild property as its source.</summary>
    protected IEnumerable<RawSetting> RawSettings()
    {
        foreach (var item in Settings)
        {
            var setting = SecuritySettings.ByProperty(item.ItemSpec)
                ?? throw new InvalidOperationException($"The targets pass '{item.ItemSpec}', which is not a setting.");
            yield return new RawSetting(setting, item.GetMetadata("Value"), SettingSource.Property(setting.Property));
        }
    }

    /// <summary>The build's restore output, for the SBOM's .NET cataloguer.</summary>
    protected DotNetProjectInputs? DotNetProject() =>
        DotNetProjectInputs.FromBuild(ProjectAssetsFile, NuGetPackageRoot, TargetFramework, RuntimeIdentifier, string.Equals(SelfContained, "true", StringComparison.OrdinalIgnoreCase));
}
