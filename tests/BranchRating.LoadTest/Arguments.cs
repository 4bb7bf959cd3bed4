namespace BranchRating.LoadTest;

/// <param name="Prepare">load: <c>http</c> (self-assessments, reviews and tokens through the API) or <c>direct</c> (through the stores, <see cref="DirectPreparation"/>).</param>
public sealed record Arguments(string Command, Uri Url, string? Storage, int Organizations, long Ballots, int Seed, int Parallelism, string Prepare = "http")
{
    public static Arguments Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : Environment.GetEnvironmentVariable("BRANCHRATING_" + name.ToUpperInvariant()) ?? fallback;
        }

        var command = args.Length > 0 ? args[0] : "";
        var organizations = int.Parse(Value("organizations", command is "load" or "ttfr" ? "100000" : "2000"), System.Globalization.CultureInfo.InvariantCulture);
        return new Arguments(
            command,
            new Uri(Value("url", "http://127.0.0.1:5080")),
            Value("storage", "") is { Length: > 0 } s ? s : null,
            organizations,
            long.Parse(Value("ballots", command == "load" ? (organizations * 10L).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("seed", "20260605"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("parallelism", "16"), System.Globalization.CultureInfo.InvariantCulture),
            Value("prepare", "http"));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: demo --url <host> [--organizations N] [--seed S] | load --url <host> --storage <connection string> [--organizations N] [--ballots N] [--parallelism P] [--prepare http|direct] | ttfr --url <host> --storage <connection string> [--organizations N]");
        return 2;
    }
}
