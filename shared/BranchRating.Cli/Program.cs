return await BranchRating.Cli.Cli.RunAsync(args, Console.Out, Console.Error);
