namespace SimpleContainer.Security.Sbom.Model;

/// <summary>What a component is; the writers map it to CycloneDX <c>type</c> and SPDX <c>primaryPackagePurpose</c>.</summary>
public enum ComponentType
{
    Library,
    Application,
    Framework,
    OperatingSystem,
    Container,
    File,
}
