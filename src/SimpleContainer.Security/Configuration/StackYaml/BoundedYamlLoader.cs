using SimpleContainer.Security.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>
/// Loads one YAML document as plain nodes (no object activation) within fixed bounds: the file's size, the nesting
/// depth, a scalar's length, and the number of nodes once every alias is expanded (which also bounds merge keys). The
/// bounds are checked on YamlDotNet's event stream before any node tree is built, so an alias bomb or a deeply nested
/// document is refused in time and memory proportional to the file, never to its expansion.
/// </summary>
public static class BoundedYamlLoader
{
    public const long MaxFileBytes = 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxScalarChars = 64 * 1024;
    public const long MaxExpandedNodes = 100_000;

    /// <summary>The document's root node, or null for an empty file.</summary>
    public static YamlNode? Load(string path, string displayName)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                throw Refused(displayName, 1, 1, $"the file is {info.Length} bytes, more than the {MaxFileBytes} allowed");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.StackConfigNotFound, DiagnosticSeverity.Error, displayName, ex.Message), ex);
        }

        return Parse(text, displayName);
    }

    /// <summary>Parses <paramref name="text"/> (already read) with the same bounds.</summary>
    public static YamlNode? Parse(string text, string displayName)
    {
        if (text.Length > MaxFileBytes)
        {
            throw Refused(displayName, 1, 1, $"the text is {text.Length} characters, more than the {MaxFileBytes} allowed");
        }

        try
        {
            CheckBounds(text, displayName);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.StackConfigInvalid, DiagnosticSeverity.Error, Location(displayName, ex.Start), Reason(ex)), ex);
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet reports a key written twice in one mapping as a dictionary error.
            throw new ScException(new ScDiagnostic(DiagnosticIds.StackConfigInvalid, DiagnosticSeverity.Error, displayName, ex.Message.TrimEnd('.')), ex);
        }
    }

    public static string Location(string displayName, Mark mark) => $"{displayName}:{mark.Line}:{mark.Column}";

    private static void CheckBounds(string text, string displayName)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Size)>();
        long total = 0;
        var documents = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart when ++documents > 1:
                    throw Refused(displayName, current.Start, "the file holds more than one YAML document");
                case MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth)
                    {
                        throw Refused(displayName, current.Start, $"it nests deeper than {MaxDepth} levels");
                    }

                    open.Push((AnchorOf(current), 0));
                    break;
                case MappingEnd or SequenceEnd:
                    var (anchor, size) = open.Pop();
                    Add(anchor, size + 1, current);
                    break;
                case Scalar scalar:
                    if (scalar.Value.Length > MaxScalarChars)
                    {
                        throw Refused(displayName, current.Start, $"a value is {scalar.Value.Length} characters long, more than the {MaxScalarChars} allowed");
                    }

                    Add(AnchorOf(current), 1, current);
                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var aliased))
                    {
                        throw new ScException(DiagnosticIds.StackConfigInvalid, Location(displayName, current.Start), $"the alias *{alias.Value.Value} names no anchor defined before it");
                    }

                    Add(null, aliased, current);
                    break;
            }
        }

        void Add(string? anchor, long size, ParsingEvent at)
        {
            if (anchor is not null)
            {
                anchors[anchor] = size;
            }

            if (open.Count > 0)
            {
                var (parentAnchor, parentSize) = open.Pop();
                open.Push((parentAnchor, Math.Min(parentSize + size, MaxExpandedNodes + 1)));
            }

            total = Math.Min(total + size, MaxExpandedNodes + 1);
            if (size > MaxExpandedNodes || total > MaxExpandedNodes || (open.Count > 0 && open.Peek().Size > MaxExpandedNodes))
            {
                throw Refused(displayName, at.Start, $"its aliases expand to more than {MaxExpandedNodes} nodes");
            }
        }
    }

    private static string? AnchorOf(ParsingEvent e) => e is NodeEvent { Anchor.IsEmpty: false } node ? node.Anchor.Value : null;

    private static ScException Refused(string displayName, Mark at, string reason) => Refused(displayName, at.Line, at.Column, reason);

    private static ScException Refused(string displayName, long line, long column, string reason) =>
        new(DiagnosticIds.StackConfigRefused, $"{displayName}:{line}:{column}", reason);

    private static string Reason(YamlException ex)
    {
        // YamlDotNet prefixes its message with the position we print ourselves.
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message).TrimEnd('.');
    }
}
