namespace BranchRating.Security.Ballots;

/// <summary>Ballot settings, bound from configuration section <c>Ballots</c>.</summary>
public sealed class BallotBoxOptions
{
    public const string SectionName = "Ballots";

    /// <summary>Base64 of at least 32 random bytes: the secret from which every campaign's HMAC key is derived. Key Vault in Azure.</summary>
    public string? PepperKey { get; set; }

    /// <summary>Random base32 symbols per token (5 bits each, at least 16); one check symbol is added.</summary>
    public int RandomSymbols { get; set; } = 19;

    /// <summary>Upper bound of tokens issued for one ballot box in one request (the counts themselves come from the rules).</summary>
    public int MaxTokensPerBox { get; set; } = 20_000;

    /// <summary>The zone whose calendar day is stamped on a ballot (the only time a ballot carries).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
