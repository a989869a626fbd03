using SimpleContainer.Security.Cli;

return await ScCommandLine.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
