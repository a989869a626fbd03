using System.CommandLine;
using SimpleContainer.Security.Cli.Commands;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli;

/// <summary>Builds the <c>sc</c> command tree; each command lives in its own file under Commands/.</summary>
public static class ScCommandLine
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("sc — supply-chain security for .NET container images: SBOMs, vulnerability gates, cosign-compatible signatures and provenance.");
        Command[] image = [ImageSignCommand.Create(context), ImageVerifyCommand.Create(context), ImageScanCommand.Create(context), ImageAttestCommand.Create(context)];
        Command[] stack = [StackSignCommand.Create(context), StackScanCommand.Create(context), StackSbomCommand.Create(context)];
        Command[] sbom = [SbomGenerateCommand.Create(context), SbomAttachCommand.Create(context), SbomVerifyCommand.Create(context)];
        Command[] provenance = [ProvenanceAttachCommand.Create(context), ProvenanceVerifyCommand.Create(context)];
        foreach (var registryCommand in image.Concat(stack).Concat(sbom).Concat(provenance))
        {
            registryCommand.Options.Add(context.RegistryCredentialsFor);
        }

        root.Subcommands.Add(WithSubcommands(new Command("image", "Sign, verify, scan and attest container images."), image));
        root.Subcommands.Add(WithSubcommands(new Command("stack", "Act on every image the last publish of each project recorded."), stack));
        root.Subcommands.Add(WithSubcommands(new Command("sbom", "Software bills of materials: generate, attach as signed attestations, verify."), sbom));
        root.Subcommands.Add(WithSubcommands(new Command("provenance", "SLSA v1 provenance: attach as a signed attestation, verify."), provenance));
        root.Subcommands.Add(WithSubcommands(new Command("release", "Release every container service of a solution in one command."), [ReleaseCreateCommand.Create(context)]));
        root.Subcommands.Add(DbCommand.Create(context));
        root.Subcommands.Add(GenerateKeyPairCommand.Create(context));
        root.Subcommands.Add(WithSubcommands(new Command("config", "The effective security configuration (stack YAML, flags, defaults)."), [ConfigShowCommand.Create(context)]));
        root.Subcommands.Add(WithSubcommands(new Command("policy", "Admission policies generated from the configuration that signs."), [PolicyGenerateCommand.Create(context)]));
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, CliContext.Default(output, error), cancellationToken);

    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Create(context);
        var configuration = new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A usage error (an unknown option, a missing value) is a configuration error like any other: exit 3, not 1.
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.CommandLineInvalid, DiagnosticSeverity.Error, error.Message).Message).ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }

        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationErrorsException ex)
        {
            foreach (var error in ex.Errors)
            {
                await context.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }
        catch (ScException ex)
        {
            await context.Error.WriteLineAsync(ex.Diagnostic.Message).ConfigureAwait(false);
            return ExitCodes.For(ex);
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }
    }

    private static Command WithSubcommands(Command parent, IEnumerable<Command> children)
    {
        foreach (var child in children)
        {
            parent.Subcommands.Add(child);
        }

        return parent;
    }
}
