using BranchRating.LoadTest;

// dotnet run -c Release --project tests/BranchRating.LoadTest -- demo --url http://127.0.0.1:5080 [--organizations 2000] [--seed 20260605]
// dotnet run -c Release --project tests/BranchRating.LoadTest -- load --url … --storage "<connection string>" [--organizations 100000] [--ballots 1000000]
// dotnet run -c Release --project tests/BranchRating.LoadTest -- ttfr --url … --storage "<connection string>" [--organizations 100000]
var options = Arguments.Parse(args);
return options.Command switch
{
    "demo" => await Demo.RunAsync(options),
    "load" => await Load.RunAsync(options),
    "ttfr" => await Ttfr.RunAsync(options),
    _ => Arguments.Usage(),
};
