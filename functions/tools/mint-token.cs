#:project ../../shared/BranchRating.Security/BranchRating.Security.csproj
// Mints a development bearer token for the local host (Development environment only; production refuses this issuer).
//   dotnet run functions/tools/mint-token.cs -- <subject> <role@/org/path> [<role@/org/path> ...]
// The key file and audience default to the host's appsettings.Development.json; override with
// BRANCHRATING_DEV_KEY (path of the PEM key file) and BRANCHRATING_AUDIENCE.
using BranchRating.Security.Authentication;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run functions/tools/mint-token.cs -- <subject> <role@/org/path> [...]   e.g. zhao admin@/P01/C03/X12");
    return 2;
}

var root = Directory.GetCurrentDirectory();
var key = Environment.GetEnvironmentVariable("BRANCHRATING_DEV_KEY") ?? Path.Combine(root, "functions", "BranchRating.Host", ".dev", "signing-key.pem");
var audience = Environment.GetEnvironmentVariable("BRANCHRATING_AUDIENCE") ?? "api://branchrating-local";
try
{
    Console.WriteLine(DevelopmentTokenIssuer.Mint(key, audience, args[0], args[1..]));
    return 0;
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
