namespace SimpleContainer.Security.Pipeline;

/// <summary>Where a publish's artifacts live: <c>$(IntermediateOutputPath)sc-security/</c>.</summary>
public sealed class SecurityArtifactLayout(string intermediateOutputPath)
{
    public const string FolderName = "sc-security";

    public string Root { get; } = Path.Combine(Path.GetFullPath(intermediateOutputPath), FolderName);

    public string ImageRecord => Path.Combine(Root, "image.json");
}
