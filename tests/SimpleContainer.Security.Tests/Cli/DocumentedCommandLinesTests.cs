using System.CommandLine;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Cli;

/// <summary>Every <c>sc …</c> command line shown in docs/ names a command and options the parser knows.</summary>
[TestClass]
public sealed partial class DocumentedCommandLinesTests
{
    [TestMethod]
    public void Every_command_line_in_the_docs_uses_commands_and_options_that_exist()
    {
        var root = ScCommandLine.Create(CliContext.Default(TextWriter.Null, TextWriter.Null));
        var problems = new List<string>();
        var checkedLines = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "docs"), "*.md"))
        {
            foreach (var line in CommandLines(File.ReadAllText(file)))
            {
                checkedLines++;
                Command command = root;
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
                foreach (var word in words.TakeWhile(w => CommandWord().IsMatch(w)))
                {
                    if (command.Subcommands.FirstOrDefault(c => c.Name == word) is not { } sub)
                    {
                        break;
                    }

                    command = sub;
                }

                if (command == root)
                {
                    problems.Add($"{Path.GetFileName(file)}: '{line}' names no sc command");
                    continue;
                }

                var known = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Append("--help").ToHashSet(StringComparer.Ordinal);
                foreach (Match option in OptionName().Matches(line))
                {
                    if (!known.Contains(option.Value))
                    {
                        problems.Add($"{Path.GetFileName(file)}: '{line}': 'sc {string.Join(" ", CommandPath(command))}' has no option {option.Value}");
                    }
                }
            }
        }

        Assert.IsGreaterThan(10, checkedLines, "the docs' command lines were found");
        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = command; c.Parents.FirstOrDefault() is Command parent; c = parent)
        {
            names.Insert(0, c.Name);
        }

        return names;
    }

    /// <summary>
    /// <c>sc …</c> at the start of a line in a code block (with its indented continuation lines), or in inline code; a
    /// trailing <c># comment</c> is dropped.
    /// </summary>
    private static IEnumerable<string> CommandLines(string markdown)
    {
        foreach (Match match in CommandLine().Matches(markdown))
        {
            var lines = match.Groups["line"].Value.Split('\n').Select(l =>
            {
                var comment = l.IndexOf(" #", StringComparison.Ordinal);
                return comment >= 0 ? l[..comment] : l;
            });
            yield return string.Join(' ', lines.Select(l => l.Trim()));
        }
    }

    [GeneratedRegex(@"(?:^|`)(?<line>sc [a-z][^`\n]*(?:\n[ \t]+[^`\n]*)*)", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex CommandWord();

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z-]*|-[a-z])(?![\w-])")]
    private static partial Regex OptionName();
}
