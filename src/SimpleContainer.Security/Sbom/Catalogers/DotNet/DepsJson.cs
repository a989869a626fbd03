namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>A library of a deps.json: its <c>libraries</c> entry and its dependencies in the runtime target.</summary>
internal sealed record DepsLibrary(string Name, string Version, string Type, string? Sha512, string? Path, IReadOnlyList<KeyValuePair<string, string>> Dependencies);

/// <summary>A library entry that could not be used, and why.</summary>
internal sealed record DepsProblem(string Key, string Reason);

/// <summary>What a deps.json says: its runtime target (<c>.NETCoreApp,Version=v10.0/linux-x64</c>) and libraries.</summary>
internal sealed record DepsJson(string? RuntimeTarget, IReadOnlyList<DepsLibrary> Libraries, IReadOnlyList<DepsProblem> Problems)
{
    /// <summary>The runtime identifier of the runtime target, if it names one.</summary>
    public string? RuntimeIdentifier => RuntimeTarget?.IndexOf('/', StringComparison.Ordinal) is int at and >= 0 ? RuntimeTarget[(at + 1)..] : null;
}
