using System.CommandLine;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>The repeatable <c>-a key=value</c> option, as cosign spells it.</summary>
internal static class Annotations
{
    public static Option<string[]> CreateOption(string description) => new("--annotation", "-a")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string>? values)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"'{value}' is not key=value.");
            }

            annotations[value[..eq]] = value[(eq + 1)..];
        }

        return annotations;
    }
}
