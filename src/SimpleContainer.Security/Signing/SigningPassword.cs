namespace SimpleContainer.Security.Signing;

/// <summary>Where a key password comes from: <c>COSIGN_PASSWORD</c>, as cosign reads it. Never an MSBuild property or a flag.</summary>
public static class SigningPassword
{
    public const string Variable = "COSIGN_PASSWORD";

    public static string? FromEnvironment(Func<string, string?>? getVariable = null) =>
        (getVariable ?? Environment.GetEnvironmentVariable)(Variable);
}
