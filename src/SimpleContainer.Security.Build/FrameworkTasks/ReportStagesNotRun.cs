using System;
using System.Globalization;
using System.Resources;
using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The whole of the .NET Framework build (Visual Studio's MSBuild.exe), which cannot load the net10.0 stages: it says
/// the stages did not run (SCSEC7010), or fails when one is required (SCSEC7011), with the core's own resource texts,
/// linked into this assembly, so the codes and texts live in Strings.resx only.
/// </summary>
public sealed class ReportStagesNotRun : Microsoft.Build.Utilities.Task
{
    private static readonly ResourceManager Texts = new("SimpleContainer.Security.Resources.Strings", typeof(ReportStagesNotRun).Assembly);

    /// <summary>The stages that would have run, as the message names them.</summary>
    [Required]
    public string Stages { get; set; } = string.Empty;

    /// <summary>True when a stage that would have run is required.</summary>
    public bool Required { get; set; }

    public override bool Execute()
    {
        var resource = Texts.GetString(Required ? "RequiredNotRunOnNetFramework" : "NotRunOnNetFramework", CultureInfo.CurrentUICulture)
            ?? throw new InvalidOperationException("The diagnostic texts are missing from the task assembly.");
        var separator = resource.IndexOf(": ", StringComparison.Ordinal);
        var code = resource.Substring(0, separator);
        var text = string.Format(CultureInfo.CurrentCulture, resource.Substring(separator + 2), Stages);
        if (Required)
        {
            Log.LogError(null, code, null, null, 0, 0, 0, 0, "{0}", text);
            return false;
        }

        Log.LogWarning(null, code, null, null, 0, 0, 0, 0, "{0}", text);
        return true;
    }
}
