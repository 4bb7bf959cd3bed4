namespace BranchRating.Cli;

/// <summary>Exit codes scripts can rely on (documented in README.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
}
