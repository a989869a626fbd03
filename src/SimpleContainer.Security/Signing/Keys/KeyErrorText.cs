namespace SimpleContainer.Security.Signing.Keys;

internal static class KeyErrorText
{
    /// <summary>An exception's message as a diagnostic argument: the diagnostic texts add their own full stop.</summary>
    public static string Reason(Exception exception) => exception.Message.TrimEnd('.', ' ');
}
