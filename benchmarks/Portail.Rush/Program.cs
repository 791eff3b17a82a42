// The opening-day rush driver: see RushOptions.Help and benchmarks/README.md.
return await Portail.Rush.RushCommand.RunAsync(args);
