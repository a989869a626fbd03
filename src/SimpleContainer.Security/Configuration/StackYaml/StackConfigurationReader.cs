using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>
/// Turns the <c>security:</c> blocks of one <c>client.yaml</c> into settings: the root-level block (our extension, for
/// every environment) and then <c>stacks.&lt;env&gt;.config.security</c>, so the environment's values come later and win.
/// Fields are found by <see cref="SecuritySetting.Key"/>; merge keys (<c>&lt;&lt;:</c>) are applied with YAML 1.1's rules
/// (the mapping's own keys win, then the merged mappings in order). Every problem is collected, not just the first.
/// </summary>
public sealed class StackConfigurationReader
{
    private const string MergeKey = "<<";
    private readonly string _displayName;
    private readonly string _directory;
    private readonly PlaceholderExpander _expander;
    private readonly Dictionary<string, SecuritySetting> _byPath;
    private readonly List<string> _known;
    private readonly List<RawSetting> _settings = [];
    private readonly List<ScDiagnostic> _diagnostics = [];
    private readonly HashSet<SecuritySetting> _masked = [];

    public StackConfigurationReader(string displayName, string directory, PlaceholderExpander expander)
    {
        _displayName = displayName;
        _directory = directory;
        _expander = expander;
        _byPath = SecuritySettings.All.Where(s => !StackSchema.LocatorKeys.Contains(s.Key)).ToDictionary(StackSchema.PathOf, StringComparer.Ordinal);
        _known = _byPath.Keys.Concat(StackSchema.Fields).Distinct(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<RawSetting> Settings => _settings;

    /// <summary>Errors and warnings, in the order met.</summary>
    public IReadOnlyList<ScDiagnostic> Diagnostics => _diagnostics;

    /// <summary>Settings whose value came through <c>${secret:…}</c>: shown masked.</summary>
    public IReadOnlySet<SecuritySetting> Masked => _masked;

    /// <summary>Every environment named under <c>stacks:</c>.</summary>
    public IReadOnlyList<string> Environments(YamlNode? root) =>
        root is YamlMappingNode map && Entries(map).FirstOrDefault(e => e.Key == "stacks").Value is YamlMappingNode stacks
            ? Entries(stacks).Select(e => e.Key).ToList()
            : [];

    public void Read(YamlNode? root, string? environment)
    {
        try
        {
            ReadCore(root, environment);
        }
        catch (ScException ex)
        {
            _diagnostics.Add(ex.Diagnostic);
        }
    }

    private void ReadCore(YamlNode? root, string? environment)
    {
        if (root is null || (root is YamlScalarNode empty && IsNull(empty)))
        {
            if (environment is not null)
            {
                throw new ScException(DiagnosticIds.StackEnvironmentNotFound, environment, _displayName, "none");
            }

            return;
        }

        var top = Entries(Mapping(root, "the file"));
        if (top.FirstOrDefault(e => e.Key == "security") is { Value: not null } rootBlock)
        {
            ReadMapping(Mapping(rootBlock.Value, "security"), string.Empty);
        }

        if (environment is null)
        {
            return;
        }

        var stacksNode = top.FirstOrDefault(e => e.Key == "stacks").Value;
        var stacks = stacksNode is null ? [] : Entries(Mapping(stacksNode, "stacks"));
        var stack = stacks.FirstOrDefault(e => e.Key == environment).Value
            ?? throw new ScException(DiagnosticIds.StackEnvironmentNotFound, environment, _displayName, stacks.Count == 0 ? "none" : string.Join(", ", stacks.Select(e => e.Key)));
        if (stack is YamlScalarNode nothing && IsNull(nothing))
        {
            return;
        }

        var config = Entries(Mapping(stack, $"stacks.{environment}")).FirstOrDefault(e => e.Key == "config").Value;
        if (config is null || (config is YamlScalarNode noConfig && IsNull(noConfig)))
        {
            return;
        }

        var security = Entries(Mapping(config, $"stacks.{environment}.config")).FirstOrDefault(e => e.Key == "security").Value;
        if (security is not null && !(security is YamlScalarNode noSecurity && IsNull(noSecurity)))
        {
            ReadMapping(Mapping(security, $"stacks.{environment}.config.security"), string.Empty);
        }
    }

    private void ReadMapping(YamlMappingNode mapping, string prefix)
    {
        var entries = Entries(mapping);
        if (prefix == "scan.upload.defectdojo" && entries.FirstOrDefault(e => e.Key == "enabled") is { Value: YamlScalarNode enabled })
        {
            var on = Bool(enabled, StackSchema.DefectDojoEnabled);
            if (on is false)
            {
                return;
            }
        }

        foreach (var (key, keyNode, value) in entries)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            try
            {
                ReadEntry(path, keyNode, value);
            }
            catch (ScException ex)
            {
                _diagnostics.Add(ex.Diagnostic);
            }
        }
    }

    private void ReadEntry(string path, YamlNode keyNode, YamlNode value)
    {
        if (path == StackSchema.DefectDojoEnabled)
        {
            return;
        }

        if (path == StackSchema.ScanTools)
        {
            ReadTools(value);
            return;
        }

        if (_byPath.TryGetValue(path, out var setting))
        {
            ReadValue(setting, path, value);
            return;
        }

        if (_known.Any(k => k.StartsWith(path + ".", StringComparison.Ordinal)))
        {
            if (value is YamlScalarNode nothing && IsNull(nothing))
            {
                return;
            }

            ReadMapping(Mapping(value, path), path);
            return;
        }

        if (_known.Contains(path, StringComparer.Ordinal))
        {
            _diagnostics.Add(new ScDiagnostic(DiagnosticIds.StackKeyNotApplied, DiagnosticSeverity.Warning, Location(keyNode), path));
            return;
        }

        UnknownKey(path, keyNode, _known);
    }

    private void UnknownKey(string path, YamlNode keyNode, IEnumerable<string> known)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? string.Empty : path[..(dot + 1)];
        var name = path[(dot + 1)..];
        var siblings = known.Where(k => k.StartsWith(parent, StringComparison.Ordinal)).Select(k => k[parent.Length..].Split('.')[0]).Distinct(StringComparer.Ordinal);
        var nearest = siblings
            .Select(s => (Name: s, Distance: Levenshtein(s.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(s => s.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => parent + s.Name)
            .FirstOrDefault();
        _diagnostics.Add(nearest is null
            ? new ScDiagnostic(DiagnosticIds.StackKeyUnknown, DiagnosticSeverity.Warning, Location(keyNode), path)
            : new ScDiagnostic(DiagnosticIds.StackKeyUnknownDidYouMean, DiagnosticSeverity.Warning, Location(keyNode), path, nearest));
    }

    private void ReadValue(SecuritySetting setting, string path, YamlNode node)
    {
        var location = Location(node);
        string text;
        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return;
            case YamlScalarNode scalar:
                text = scalar.Value ?? string.Empty;
                break;
            case YamlSequenceNode sequence when setting.Allowed.Contains("separated by", StringComparison.Ordinal):
                text = string.Join(";", sequence.Children.Select(item => item is YamlScalarNode s
                    ? s.Value ?? string.Empty
                    : throw new ScException(DiagnosticIds.StackValueWrongType, Location(item), path, "a list of single values", "a list holding a " + Kind(item))));
                break;
            default:
                throw new ScException(DiagnosticIds.StackValueWrongType, location, path, setting.Allowed, "a " + Kind(node));
        }

        if (StackSchema.IsSecret(setting))
        {
            // Kept as the reference and resolved only when used, so the secret is in no setting, log or 'sc config show'.
            Add(setting, PlaceholderExpander.IsSingleReference(text) ? text.Trim() : throw new ScException(DiagnosticIds.StackLiteralSecretRefused, location, path), location);
            return;
        }

        if (StackSchema.KeyKeys.Contains(path))
        {
            if (PlaceholderExpander.IsSingleReference(text))
            {
                Add(setting, text.Trim(), location);
                return;
            }

            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                Add(setting, path == "signing.privateKey" ? throw new ScException(DiagnosticIds.StackLiteralSecretRefused, location, path) : text, location);
                return;
            }
        }

        if (PlaceholderExpander.MentionsSecret(text))
        {
            _masked.Add(setting);
        }

        var expanded = _expander.Expand(text, location);
        if (StackSchema.PathKeys.Contains(path) && expanded.Trim().Length > 0)
        {
            expanded = string.Join(";", expanded.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => Path.GetFullPath(p, _directory)));
        }

        Add(setting, expanded, location);
    }

    private void ReadTools(YamlNode node)
    {
        var location = Location(node);
        var toolList = SecuritySettings.All.First(s => s.Key == StackSchema.ScanTools);
        if (node is YamlScalarNode scalar)
        {
            if (!IsNull(scalar))
            {
                Add(toolList, _expander.Expand(scalar.Value ?? string.Empty, location), location);
            }

            return;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw new ScException(DiagnosticIds.StackValueWrongType, location, StackSchema.ScanTools, "a list of scanners ({name, enabled, required, failOn, warnOn})", "a " + Kind(node));
        }

        var enabled = new List<string>();
        var required = new List<string>();
        var anyRequired = false;
        var thresholds = new Dictionary<string, List<(string Tool, string Word, string Location)>>(StringComparer.Ordinal) { ["failOn"] = [], ["warnOn"] = [] };
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode named)
            {
                enabled.Add(named.Value ?? string.Empty);
                continue;
            }

            var fields = Entries(Mapping(item, StackSchema.ScanTools + "[]"));
            var name = fields.FirstOrDefault(f => f.Key == "name").Value is YamlScalarNode n && !IsNull(n) ? n.Value!
                : throw new ScException(DiagnosticIds.StackValueWrongType, Location(item), StackSchema.ScanTools + "[].name", "a scanner name (builtin, grype or trivy)", "nothing");
            var nameNode = fields.First(f => f.Key == "name").Value;
            if (name.Trim().ToLowerInvariant() is not (ScanTools.Builtin or ScanTools.Grype or ScanTools.Trivy))
            {
                throw new ScException(DiagnosticIds.InvalidSettingValue, name, $"{Location(nameNode)} ({StackSchema.ScanTools}[].name)", "builtin, grype or trivy");
            }

            name = name.Trim().ToLowerInvariant();
            var disabled = false;
            var own = new List<(string Key, string Word, string Location)>();
            foreach (var (key, keyNode, value) in fields)
            {
                switch (key)
                {
                    case "name":
                        break;
                    case "enabled":
                        disabled = Bool(value, $"{StackSchema.ScanTools}[{name}].enabled") is false;
                        break;
                    case "required":
                        anyRequired = true;
                        if (Bool(value, $"{StackSchema.ScanTools}[{name}].required") is true)
                        {
                            required.Add(name);
                        }

                        break;
                    case "failOn" or "warnOn":
                        if (Threshold(value, $"{StackSchema.ScanTools}[{name}].{key}") is { } word)
                        {
                            own.Add((key, word, Location(value)));
                        }

                        break;
                    default:
                        UnknownKey($"{StackSchema.ScanTools}[].{key}", keyNode, StackSchema.ToolFields.Select(f => $"{StackSchema.ScanTools}[].{f}"));
                        break;
                }
            }

            if (!disabled)
            {
                enabled.Add(name);
                foreach (var (key, word, at) in own)
                {
                    if (thresholds[key].Any(t => t.Tool == name))
                    {
                        throw new ScException(DiagnosticIds.ScanToolThresholdInvalid, $"{name}={word}", $"{at} ({StackSchema.ScanTools}: {name} is listed twice)");
                    }

                    thresholds[key].Add((name, word, at));
                }
            }
        }

        if (enabled.Count == 0)
        {
            throw new ScException(DiagnosticIds.StackNoScannerEnabled, location);
        }

        Add(toolList, string.Join(",", enabled), location);
        if (anyRequired)
        {
            Add(SecuritySettings.ScanRequiredTools, required.Count == 0 ? "false" : string.Join(",", required.Where(enabled.Contains)), location);
        }

        AddThresholds(SecuritySettings.ScanToolFailOn, thresholds["failOn"]);
        AddThresholds(SecuritySettings.ScanToolWarnOn, thresholds["warnOn"]);
    }

    /// <summary>A scanner's own failOn/warnOn: a severity word or none, checked here so an error points at the value; empty is not given.</summary>
    private string? Threshold(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar)
        {
            var text = IsNull(scalar) ? string.Empty : _expander.Expand(scalar.Value ?? string.Empty, Location(node)).Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (SecuritySettings.ScanFailOn.IsValid(text))
            {
                return Scanning.Policy.ScanToolThresholds.Word(Scanning.Policy.ScanPolicy.ParseThreshold(text, path));
            }
        }

        throw new ScException(DiagnosticIds.InvalidSettingValue, node is YamlScalarNode s ? s.Value : "a " + Kind(node), $"{Location(node)} ({path})", SecuritySettings.ScanFailOn.Allowed);
    }

    /// <summary>
    /// One setting for every scanner's own threshold (<c>grype=critical;builtin=high</c>); its source names where each came
    /// from. A tools list says all there is about its scanners: the thresholds an earlier block's list gave are dropped.
    /// </summary>
    private void AddThresholds(SecuritySetting setting, List<(string Tool, string Word, string Location)> thresholds)
    {
        _settings.RemoveAll(s => s.Setting == setting);
        if (thresholds.Count > 0)
        {
            var ordered = thresholds.OrderBy(t => t.Tool, StringComparer.Ordinal).ToList();
            Add(setting, string.Join(";", ordered.Select(t => $"{t.Tool}={t.Word}")), string.Join(", ", ordered.Select(t => $"{t.Location} ({t.Tool})")));
        }
    }

    private bool? Bool(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && SecuritySettings.IsBool(scalar.Value ?? string.Empty))
        {
            return SecuritySettings.ParseBool(scalar.Value!);
        }

        throw new ScException(DiagnosticIds.InvalidSettingValue, node is YamlScalarNode s ? s.Value : Kind(node), $"{Location(node)} ({path})", "true or false");
    }

    private void Add(SecuritySetting setting, string value, string location) =>
        _settings.Add(new RawSetting(setting, value, new SettingSource(SettingOrigin.Yaml, location)));

    /// <summary>The mapping's entries with merge keys applied; a key that is not a plain value is an error.</summary>
    private List<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, int depth = 0)
    {
        if (depth > BoundedYamlLoader.MaxDepth)
        {
            throw new ScException(DiagnosticIds.StackConfigRefused, Location(mapping), $"its merge keys nest deeper than {BoundedYamlLoader.MaxDepth} levels");
        }

        var own = new List<(string Key, YamlNode KeyNode, YamlNode Value)>();
        var merged = new List<YamlMappingNode>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new ScException(DiagnosticIds.StackValueWrongType, Location(keyNode), "a key", "a single value", "a " + Kind(keyNode));
            }

            if (key == MergeKey && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                merged.AddRange(value switch
                {
                    YamlMappingNode one => [one],
                    YamlSequenceNode many => many.Children.Select(m => m as YamlMappingNode
                        ?? throw new ScException(DiagnosticIds.StackValueWrongType, Location(m), MergeKey, "a mapping or a list of mappings", "a list holding a " + Kind(m))),
                    _ => throw new ScException(DiagnosticIds.StackValueWrongType, Location(value), MergeKey, "a mapping or a list of mappings", "a " + Kind(value)),
                });
                continue;
            }

            own.Add((key, keyNode, value));
        }

        foreach (var source in merged)
        {
            foreach (var entry in Entries(source, depth + 1))
            {
                if (!own.Any(e => e.Key == entry.Key))
                {
                    own.Add(entry);
                }
            }
        }

        return own;
    }

    private YamlMappingNode Mapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw new ScException(DiagnosticIds.StackValueWrongType, Location(node), path, "a mapping of keys to values", "a " + Kind(node));

    private string Location(YamlNode node) => BoundedYamlLoader.Location(_displayName, node.Start);

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "single value",
    };

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
