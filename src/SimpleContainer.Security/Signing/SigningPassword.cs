using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Where a key password comes from: a reference (<c>${secret:NAME}</c>, <c>${env:VAR}</c>) when one is configured, else
/// <c>COSIGN_PASSWORD</c> as cosign reads it. A literal password is never accepted as configuration.
/// </summary>
public static class SigningPassword
{
    public const string Variable = "COSIGN_PASSWORD";

    public static string? FromEnvironment(Func<string, string?>? getVariable = null) =>
        (getVariable ?? Environment.GetEnvironmentVariable)(Variable);

    public static string? Resolve(string? reference, Func<string, string?> getVariable, StackSecrets secrets) =>
        ValueReference.ResolveSecret(reference, Variable, getVariable, secrets, new ScDiagnostic(DiagnosticIds.LiteralPasswordRefused, DiagnosticSeverity.Error));
}
