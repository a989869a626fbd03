using System.Diagnostics;

namespace SimpleContainer.Security.TestSupport.Registry;

/// <summary>A bcrypt htpasswd line made by Apache's <c>htpasswd</c> (distribution accepts only bcrypt).</summary>
public static class Htpasswd
{
    public static async Task<string> LineAsync(string user, string password, CancellationToken cancellationToken)
    {
        var executable = Prerequisites.Require("htpasswd", "apt-get install -y apache2-utils");
        using var process = Process.Start(new ProcessStartInfo(executable, ["-Bbn", user, password])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? output.Trim() + "\n" : throw new InvalidOperationException($"htpasswd failed: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
    }
}
