using System.CommandLine;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc generate-key-pair [--output-key-prefix cosign]</c>: writes <c>cosign.key</c> (ECDSA P-256, encrypted as cosign
/// does: scrypt N=65536 + NaCl secretbox) and <c>cosign.pub</c>. The password comes from COSIGN_PASSWORD.
/// </summary>
internal static class GenerateKeyPairCommand
{
    public static Command Create(CliContext context)
    {
        var prefix = new Option<string>("--output-key-prefix") { Description = "Path prefix of the two files (PREFIX.key, PREFIX.pub).", DefaultValueFactory = _ => "cosign" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        var command = new Command("generate-key-pair", "Generate a cosign-compatible key pair (cosign.key, cosign.pub); the password comes from COSIGN_PASSWORD.") { prefix, force };
        command.SetAction(async (result, cancellationToken) =>
        {
            var password = SigningPassword.FromEnvironment(context.GetVariable);
            var keyPath = Path.GetFullPath(result.GetValue(prefix) + ".key");
            var publicPath = Path.GetFullPath(result.GetValue(prefix) + ".pub");
            if (password is null)
            {
                throw new ScException(DiagnosticIds.SigningPasswordMissing, keyPath);
            }

            if (!result.GetValue(force) && (File.Exists(keyPath) || File.Exists(publicPath)))
            {
                await context.Error.WriteLineAsync($"{keyPath} or {publicPath} exists; pass --force to overwrite.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var pair = KeyFiles.GenerateCosignKeyPair(password);
            await AtomicFile.WriteOwnerOnlyAsync(keyPath, System.Text.Encoding.UTF8.GetBytes(pair.PrivateKeyPem), cancellationToken).ConfigureAwait(false);

            await AtomicFile.WriteAllBytesAsync(publicPath, System.Text.Encoding.UTF8.GetBytes(pair.PublicKeyPem), cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Private key written to {keyPath}").ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Public key written to {publicPath}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
