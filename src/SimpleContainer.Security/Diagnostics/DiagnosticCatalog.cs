using System.Collections;
using System.Globalization;
using System.Resources;

namespace SimpleContainer.Security.Diagnostics;

/// <summary>Reads the coded messages of <c>Resources/Strings.resx</c>.</summary>
public static class DiagnosticCatalog
{
    private static readonly ResourceManager Resources =
        new("SimpleContainer.Security.Resources.Strings", typeof(DiagnosticCatalog).Assembly);

    public static string Template(string resourceKey) =>
        Resources.GetString(resourceKey, CultureInfo.InvariantCulture)
        ?? throw new ArgumentException($"No diagnostic text is defined for '{resourceKey}'.", nameof(resourceKey));

    public static string Format(string resourceKey, IReadOnlyList<object?> args) =>
        string.Format(CultureInfo.InvariantCulture, Template(resourceKey), args.ToArray());

    public static string CodeOf(string resourceKey)
    {
        var template = Template(resourceKey);
        var colon = template.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? template[..colon] : throw new InvalidOperationException($"The text of '{resourceKey}' does not start with a code.");
    }

    public static string TextOf(string resourceKey, IReadOnlyList<object?> args)
    {
        var message = Format(resourceKey, args);
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 ? message[(colon + 2)..] : message;
    }

    /// <summary>Every (key, template) pair, for the uniqueness test and the docs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All()
    {
        // The set is cached and owned by the ResourceManager: it must not be disposed here.
        var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)
            ?? throw new InvalidOperationException("The diagnostic resources are missing.");
        var entries = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in set)
        {
            entries.Add(new((string)entry.Key, (string)entry.Value!));
        }

        return entries.OrderBy(e => e.Key, StringComparer.Ordinal);
    }
}
