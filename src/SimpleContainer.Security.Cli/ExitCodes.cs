namespace SimpleContainer.Security.Cli;

/// <summary>The CLI's exit codes; stable, so CI can tell a policy failure from a broken setup.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ToolMissing = 2;
    public const int ConfigurationError = 3;
}
